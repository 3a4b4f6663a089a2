package io.federa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The portal's code touches no Kubernetes resource beyond {@link PortalKubernetesAccess#USED}, the
 * list the Helm chart's RBAC is checked against: typed custom resources, fabric8's built-in resource
 * DSL, and API groups named in the sources (generic resources, apiVersion strings).
 */
class KubernetesCodeUseTest {

    private static final JavaClasses MAIN = importMainClasses();

    /** The portal's classes only: names of what they call and carry suffice, nothing else is read. */
    private static JavaClasses importMainClasses() {
        var config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.federa");
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    /** fabric8 client entry points that reach no resource, or only one named by the caller. */
    private static final Set<String> CLIENT_METHODS_WITHOUT_BUILT_IN_RESOURCES = Set.of(
            "resources",
            "genericKubernetesResources",
            "resource",
            "getApiGroups",
            "getApiGroup",
            "getApiResources",
            "getKubernetesVersion",
            "supports",
            "hasApiGroup",
            "getMasterUrl",
            "getApiVersion",
            "getNamespace",
            "getConfiguration",
            "adapt",
            "isAdaptable",
            "getKubernetesSerialization",
            "close");

    /**
     * API groups the sources name as data, not as resources they call: a Profile's owner is an RBAC
     * subject ({@code kind: Group, apiGroup: rbac.authorization.k8s.io}), which needs no grant.
     */
    private static final Set<String> GROUPS_NAMED_AS_DATA = Set.of("rbac.authorization.k8s.io");

    /** "kubeflow.org", "serving.kserve.io/v1beta1": an API group, optionally with its version. */
    private static final Pattern API_GROUP_LITERAL =
            Pattern.compile("\"((?:[a-z0-9-]+\\.)+(?:io|org|com|dev|net|ai|cloud))(?:/v[0-9]+[a-z0-9]*)?\"");

    @Test
    void typed_custom_resources_are_ones_the_chart_grants() {
        Map<String, String> typed = new TreeMap<>();
        MAIN.stream()
                .filter(c -> c.isAnnotatedWith("io.fabric8.kubernetes.model.annotation.Group"))
                .forEach(c -> {
                    String group = (String) c.getAnnotationOfType("io.fabric8.kubernetes.model.annotation.Group")
                            .get("value")
                            .orElseThrow();
                    String plural = c.tryGetAnnotationOfType("io.fabric8.kubernetes.model.annotation.Plural")
                            .map(p -> (String) p.get("value").orElseThrow())
                            .orElse(c.getSimpleName().toLowerCase(Locale.ROOT) + "s");
                    typed.put(c.getName(), group + "/" + plural);
                });

        assertThat(typed.values()).isSubsetOf(PortalKubernetesAccess.USED.keySet());
    }

    @Test
    void no_built_in_kubernetes_resource_is_used_through_the_fabric8_client() {
        Set<String> calls = new TreeSet<>();
        for (var c : MAIN) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                String owner = call.getTargetOwner().getName();
                if (owner.startsWith("io.fabric8.kubernetes.client.")
                        && owner.endsWith("Client")
                        && !CLIENT_METHODS_WITHOUT_BUILT_IN_RESOURCES.contains(call.getName())) {
                    calls.add(c.getName() + " -> " + owner + "." + call.getName());
                }
            }
        }

        assertThat(calls)
                .as("the chart grants no built-in resources (pods, secrets, namespaces, ...): "
                        + "add what the code needs to PortalKubernetesAccess and helm/federa/templates/rbac.yaml")
                .isEmpty();
    }

    @Test
    void the_sources_name_no_api_group_beyond_the_granted_ones() {
        Map<String, Set<String>> named = new TreeMap<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                var matcher = API_GROUP_LITERAL.matcher(Files.readString(source));
                while (matcher.find()) {
                    named.computeIfAbsent(matcher.group(1), k -> new TreeSet<>())
                            .add(source.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        named.keySet().removeAll(GROUPS_NAMED_AS_DATA);
        assertThat(named.keySet())
                .as(
                        "API groups named in src/main/java (by file: %s); the chart's RBAC grants %s",
                        named, PortalKubernetesAccess.groups())
                .isSubsetOf(PortalKubernetesAccess.groups());
    }
}
