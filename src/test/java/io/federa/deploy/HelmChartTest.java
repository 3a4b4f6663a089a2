package io.federa.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Helm chart in helm/federa, linted and rendered by Helm itself (helm-java: Helm's Go library,
 * no helm binary) with the default values and with the production-like ci/production-values.yaml;
 * every rendered manifest is parsed strictly against the Kubernetes schemas (fabric8's typed
 * models) and checked for what the chart promises.
 */
class HelmChartTest {

    static final Path CHART = Path.of("helm", "federa");
    static final Path PRODUCTION_VALUES = CHART.resolve("ci/production-values.yaml");
    static final String RELEASE = "federa";
    static final String NAMESPACE = "federa";

    enum Values {
        DEFAULT,
        PRODUCTION
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void chart_lints_without_warnings(Values values, @TempDir Path tmp) {
        // helm-java's lint takes no values file: lint a copy whose values.yaml is the merged values
        Path chart = values == Values.DEFAULT ? CHART : chartWithMergedValues(tmp);
        LintResult lint = new Helm(chart).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void rendered_manifests_match_the_kubernetes_schemas_and_refer_to_each_other(Values values) {
        KubernetesManifests manifests = render(values);

        assertThat(manifests.all())
                .extracting(HasMetadata::getKind)
                .contains(
                        "ConfigMap",
                        "Service",
                        "ServiceAccount",
                        "PersistentVolumeClaim",
                        "Deployment",
                        "Ingress",
                        "PodDisruptionBudget",
                        "ClusterRole",
                        "ClusterRoleBinding");
        Deployment deployment = manifests.one(Deployment.class);
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels)
                .containsAllEntriesOf(manifests.one(Service.class).getSpec().getSelector());
        assertThat(podLabels)
                .containsAllEntriesOf(manifests
                        .one(PodDisruptionBudget.class)
                        .getSpec()
                        .getSelector()
                        .getMatchLabels());

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container portal = pod.getContainers().getFirst();
        assertThat(portal.getEnvFrom())
                .extracting(e -> e.getConfigMapRef().getName())
                .containsExactly(manifests.one(ConfigMap.class).getMetadata().getName());
        assertThat(pod.getServiceAccountName())
                .isEqualTo(manifests.one(ServiceAccount.class).getMetadata().getName());
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
                .containsExactly(
                        manifests.one(PersistentVolumeClaim.class).getMetadata().getName());
        assertThat(portal.getVolumeMounts())
                .allSatisfy(m -> assertThat(pod.getVolumes())
                        .anySatisfy(v -> assertThat(v.getName()).isEqualTo(m.getName())));

        Service service = manifests.one(Service.class);
        manifests.one(Ingress.class).getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream())
                .forEach(path -> {
                    assertThat(path.getBackend().getService().getName())
                            .isEqualTo(service.getMetadata().getName());
                    assertThat(service.getSpec().getPorts())
                            .extracting(p -> p.getName())
                            .contains(path.getBackend().getService().getPort().getName());
                });
        assertThat(service.getSpec().getPorts())
                .allSatisfy(p -> assertThat(portal.getPorts())
                        .extracting(c -> c.getName())
                        .contains(p.getTargetPort().getStrVal()));
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void the_portal_runs_unprivileged_on_a_read_only_root_file_system_with_actuator_probes(Values values) {
        Deployment deployment = render(values).one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container portal = pod.getContainers().getFirst();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(portal.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(portal.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(portal.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(portal.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/tmp", "/var/lib/federa");

        assertThat(portal.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(portal.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(portal.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(portal.getResources().getLimits()).containsKey("memory");
        assertThat(render(values).one(ConfigMap.class).getData().get("JDK_JAVA_OPTIONS"))
                .contains("-XX:MaxRAMPercentage=");

        // rolling upgrades never take a serving replica away before its successor is ready
        assertThat(deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        var antiAffinity = pod.getAffinity().getPodAntiAffinity();
        assertThat(Stream.concat(
                                antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().stream(),
                                antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution().stream()
                                        .map(w -> w.getPodAffinityTerm()))
                        .toList())
                .singleElement()
                .satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels())
                            .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                });
    }

    @Test
    void production_values_run_three_replicas_spread_over_nodes_with_a_shared_volume() {
        KubernetesManifests manifests = render(Values.PRODUCTION);
        Deployment deployment = manifests.one(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity()
                        .getPodAntiAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution())
                .hasSize(1);
        assertThat(manifests.one(PersistentVolumeClaim.class).getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
        assertThat(manifests
                        .one(PodDisruptionBudget.class)
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(2);
        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void ingress_pins_each_browser_to_one_replica(Values values) {
        KubernetesManifests manifests = render(values);

        assertThat(manifests.one(Ingress.class).getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie")
                .containsEntry("nginx.ingress.kubernetes.io/affinity-mode", "persistent")
                .containsEntry("nginx.ingress.kubernetes.io/session-cookie-name", "federa-replica");
        assertThat(manifests.one(Service.class).getSpec().getSessionAffinity()).isEqualTo("ClientIP");
    }

    @Test
    void with_traefik_the_sticky_cookie_is_set_on_the_service() {
        KubernetesManifests manifests =
                render(template -> template.set("ingress.controller", "traefik").set("ingress.className", "traefik"));

        assertThat(manifests.one(Service.class).getMetadata().getAnnotations())
                .containsEntry("traefik.ingress.kubernetes.io/service.sticky.cookie", "true");
        assertThat(manifests.one(Ingress.class).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void no_secret_is_rendered_every_secret_comes_from_a_secret_reference(Values values) {
        KubernetesManifests manifests = render(values);
        Container portal = manifests
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(portal.getEnv())
                .filteredOn(e -> e.getName().matches(".*(SECRET|PASSWORD|KEY).*"))
                .extracting(EnvVar::getName)
                .containsExactlyInAnyOrder(
                        "SPRING_DATASOURCE_PASSWORD",
                        "FEDERA_KEYCLOAK_CLIENT_SECRET",
                        "FEDERA_DIRECTORY_CLIENT_SECRET",
                        "FEDERA_SECRETS_KEY");
        assertThat(portal.getEnv()).allSatisfy(e -> {
            assertThat(e.getValue()).as(e.getName()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
        });
        assertThat(manifests.one(ConfigMap.class).getData().keySet())
                .noneMatch(k -> k.matches(".*(SECRET|PASSWORD).*") || k.equals("FEDERA_SECRETS_KEY"));
    }

    @Test
    void several_replicas_on_the_external_database_are_allowed_with_a_shared_volume_and_get_the_leader_lock_settings() {
        KubernetesManifests manifests = render(template -> template.set("replicaCount", 2)
                .set("persistence.accessModes[0]", "ReadWriteMany")
                .set("replicas.lockTtl", "15s"));

        assertThat(manifests.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
        assertThat(manifests.one(ConfigMap.class).getData())
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://federa-postgresql:5432/federa")
                .containsEntry("FEDERA_REPLICAS_LOCK_TTL", "15s")
                .containsEntry("FEDERA_REPLICAS_HEARTBEAT", "1s");
    }

    @Test
    void several_replicas_on_a_read_write_once_volume_are_refused() {
        assertThatThrownBy(() -> render(template -> template.set("replicaCount", 2)))
                .hasMessageContaining("persistence.accessModes [ReadWriteMany]");
    }

    @Test
    void values_are_checked_against_the_chart_s_schema_a_misspelt_key_or_a_secret_in_config_is_refused() {
        assertThatThrownBy(() -> render(template -> template.set("replicas", 3)))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(template -> template.set("config.FEDERA_KEYCLOAK_CLIENT_SECRET", "x")))
                .hasMessageContaining("FEDERA_KEYCLOAK_CLIENT_SECRET");
        assertThatThrownBy(() -> render(template -> template.set("database.url", "postgres://db/federa")))
                .hasMessageContaining("database");
    }

    @Test
    void a_field_the_kubernetes_schema_does_not_know_fails_the_check() {
        // a misspelt field in a value that the chart passes through to the pod spec
        String rendered = Helm.template(CHART.toString())
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .set("extraEnv[0].name", "X")
                .set("extraEnv[0].valueFromm.secretKeyRef.name", "x")
                .call();

        assertThatThrownBy(() -> KubernetesManifests.parse(rendered))
                .hasMessageContaining("Deployment")
                .hasMessageContaining("valueFromm");
        assertThatThrownBy(() -> KubernetesManifests.parse(
                        "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: eighty}]}\n"))
                .hasMessageContaining("does not match the Kubernetes schema");
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void rbac_grants_exactly_the_kubernetes_resources_the_portal_uses(Values values) {
        KubernetesManifests manifests = render(values);

        assertThat(PortalKubernetesAccess.granted(manifests)).isEqualTo(PortalKubernetesAccess.USED);
        // every binding names a role of the chart and the portal's ServiceAccount, nothing else
        var roles = manifests.all(ClusterRole.class).stream()
                .map(r -> r.getMetadata().getName())
                .toList();
        String account = manifests.one(ServiceAccount.class).getMetadata().getName();
        Stream.concat(
                        manifests.all(ClusterRoleBinding.class).stream()
                                .map(b -> Map.entry(b.getRoleRef(), b.getSubjects())),
                        manifests.all(RoleBinding.class).stream().map(b -> Map.entry(b.getRoleRef(), b.getSubjects())))
                .forEach(binding -> {
                    assertThat(roles).contains(binding.getKey().getName());
                    assertThat(binding.getValue()).singleElement().satisfies(s -> {
                        assertThat(s.getKind()).isEqualTo("ServiceAccount");
                        assertThat(s.getName()).isEqualTo(account);
                        assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                    });
                });
    }

    @Test
    void team_workloads_are_granted_only_in_the_listed_team_namespaces() {
        KubernetesManifests manifests = render(Values.PRODUCTION);

        assertThat(manifests.all(RoleBinding.class))
                .extracting(b -> b.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(manifests.all(ClusterRoleBinding.class))
                .extracting(b -> b.getRoleRef().getName())
                .containsExactly("federa-profiles");
    }

    @Test
    void without_rbac_the_service_account_token_is_not_mounted() {
        KubernetesManifests manifests = render(template -> template.set("rbac.create", false));

        assertThat(manifests.all(ClusterRole.class)).isEmpty();
        assertThat(manifests
                        .one(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAutomountServiceAccountToken())
                .isFalse();
    }

    static KubernetesManifests render(Values values) {
        return render(values == Values.PRODUCTION ? t -> t.withValuesFile(PRODUCTION_VALUES) : t -> t);
    }

    static KubernetesManifests render(UnaryOperator<com.marcnuri.helm.TemplateCommand> options) {
        var template = Helm.template(CHART.toString()).withName(RELEASE).withNamespace(NAMESPACE);
        return KubernetesManifests.parse(options.apply(template).call());
    }

    /** A copy of the chart whose values.yaml is values.yaml overridden by the production values. */
    static Path chartWithMergedValues(Path tmp) {
        var yaml = YAMLMapper.builder().build();
        Path copy = tmp.resolve("federa");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
            JsonNode defaults = yaml.readTree(CHART.resolve("values.yaml").toFile());
            JsonNode production = yaml.readTree(PRODUCTION_VALUES.toFile());
            yaml.writeValue(copy.resolve("values.yaml").toFile(), merge((ObjectNode) defaults, production));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** Helm's merge: objects merge key by key, anything else (lists included) is replaced. */
    static ObjectNode merge(ObjectNode base, JsonNode override) {
        for (var entry : override.properties()) {
            JsonNode current = base.get(entry.getKey());
            if (current instanceof ObjectNode object && entry.getValue().isObject()) {
                merge(object, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
        return base;
    }
}
