package io.federa.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Kubernetes resources the portal's code works with, by "group/resource", and the verbs it
 * needs on them: Kubeflow Profiles (one per team, cluster-scoped; created, pushed, read back, put
 * back on drift), Kubeflow Notebooks and KServe InferenceServices in the teams' namespaces (created,
 * watched, patched, deleted). Status is read, never written (no "/status" subresource).
 *
 * <p>The chart's RBAC must grant exactly this ({@link HelmChartTest}), and the portal's code must not
 * name another API group ({@link KubernetesCodeUseTest}). When the {@code kubernetes} module declares
 * the custom resources it owns in its API, this list should be read from there.
 */
final class PortalKubernetesAccess {

    static final Set<String> ALL_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    static final Map<String, Set<String>> USED = Map.of(
            "kubeflow.org/profiles", ALL_VERBS,
            "kubeflow.org/notebooks", ALL_VERBS,
            "serving.kserve.io/inferenceservices", ALL_VERBS);

    private PortalKubernetesAccess() {}

    static Set<String> groups() {
        TreeSet<String> groups = new TreeSet<>();
        USED.keySet().forEach(k -> groups.add(k.substring(0, k.indexOf('/'))));
        return groups;
    }

    /** What the chart's roles grant, as "group/resource" to verbs; wildcards and names fail. */
    static Map<String, Set<String>> granted(KubernetesManifests manifests) {
        Map<String, Set<String>> granted = new TreeMap<>();
        Stream.concat(
                        manifests.all(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class).stream()
                                .flatMap(r -> r.getRules().stream()),
                        manifests.all(io.fabric8.kubernetes.api.model.rbac.Role.class).stream()
                                .flatMap(r -> r.getRules().stream()))
                .forEach(rule -> add(granted, rule));
        return granted;
    }

    private static void add(Map<String, Set<String>> granted, PolicyRule rule) {
        List<String> everything = Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                .flatMap(List::stream)
                .toList();
        if (everything.contains("*")) {
            throw new AssertionError("a wildcard in an RBAC rule: " + rule);
        }
        if (!rule.getResourceNames().isEmpty() || !rule.getNonResourceURLs().isEmpty()) {
            throw new AssertionError("the portal needs no resourceNames or nonResourceURLs: " + rule);
        }
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                        .addAll(rule.getVerbs());
            }
        }
    }
}
