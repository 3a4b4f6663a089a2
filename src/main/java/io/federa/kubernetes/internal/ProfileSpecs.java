package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.ProfileQuota;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A team's Profile as the portal wants it (its labels, owner and quota), what differs between that
 * and the Profile on a cluster in words, and the quota's stored text form. Pure functions: {@link
 * ProfilePusher} sends what they build, {@link ProfileSync} reports what they find.
 */
final class ProfileSpecs {

    static final String OWNER_API_GROUP = "rbac.authorization.k8s.io";
    static final String OWNER_KIND = "Group";

    private ProfileSpecs() {}

    static GenericKubernetesResource desired(String name, String team, ProfileQuota quota, String instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FederaLabels.MANAGED_BY, FederaLabels.MANAGED_BY_VALUE);
        labels.put(FederaLabels.INSTANCE, instance);
        labels.put(FederaLabels.TEAM, team);
        labels.put(FederaLabels.OWNER, team);
        var profile = new GenericKubernetesResourceBuilder()
                .withApiVersion(KubernetesFeature.PROFILES.apiVersion())
                .withKind(KubernetesFeature.PROFILES.kind())
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", Map.of("apiGroup", OWNER_API_GROUP, "kind", OWNER_KIND, "name", team));
        spec.put("resourceQuotaSpec", quota.hard().isEmpty() ? Map.of() : Map.of("hard", quota.hard()));
        profile.setAdditionalProperty("spec", spec);
        return profile;
    }

    /**
     * What differs between the Profile the portal wants and the one on the cluster, in words
     * ("memory: 32Gi on the cluster, 16Gi in the portal"); empty when nothing does.
     */
    static String differences(
            GenericKubernetesResource desired, @Nullable GenericKubernetesResource actual, String instance) {
        if (actual == null) {
            return "the Profile does not exist on the cluster";
        }
        List<String> diffs = new ArrayList<>();
        Map<String, String> wantedLabels = desired.getMetadata().getLabels();
        Map<String, String> labels =
                Objects.requireNonNullElse(actual.getMetadata().getLabels(), Map.of());
        wantedLabels.forEach((k, v) -> {
            if (!v.equals(labels.get(k))) {
                diffs.add("label " + k + ": " + text(labels.get(k)) + " on the cluster, " + v + " in the portal");
            }
        });
        Map<String, Object> wantedSpec = map(desired.getAdditionalProperties().get("spec"));
        Map<String, Object> spec = map(actual.getAdditionalProperties().get("spec"));
        Map<String, Object> wantedOwner = map(wantedSpec.get("owner"));
        Map<String, Object> owner = map(spec.get("owner"));
        for (String field : List.of("kind", "name", "apiGroup")) {
            if (!Objects.equals(Objects.toString(owner.get(field), null), wantedOwner.get(field))) {
                diffs.add("spec.owner." + field + ": " + text(owner.get(field)) + " on the cluster, "
                        + wantedOwner.get(field) + " in the portal");
            }
        }
        Map<String, Object> wantedQuota = map(wantedSpec.get("resourceQuotaSpec"));
        Map<String, Object> quota = map(spec.get("resourceQuotaSpec"));
        Map<String, Object> wantedHard = map(wantedQuota.get("hard"));
        Map<String, Object> hard = map(quota.get("hard"));
        for (String key : new TreeSet<>(union(wantedHard.keySet(), hard.keySet()))) {
            if (!Quantities.same(hard.get(key), wantedHard.get(key))) {
                diffs.add(key + ": " + limit(hard.get(key)) + " on the cluster, " + limit(wantedHard.get(key))
                        + " in the portal");
            }
        }
        for (String key : new TreeSet<>(quota.keySet())) {
            if (!key.equals("hard")) {
                diffs.add("spec.resourceQuotaSpec." + key + ": set on the cluster, not by the portal");
            }
        }
        for (String key : new TreeSet<>(spec.keySet())) {
            if (!wantedSpec.containsKey(key)) {
                diffs.add("spec." + key + ": set on the cluster, not by the portal");
            }
        }
        return String.join("; ", diffs);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(@Nullable Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String text(@Nullable Object value) {
        return value == null ? "none" : value.toString();
    }

    private static String limit(@Nullable Object value) {
        return value == null ? "no limit" : value.toString();
    }

    /** The quota as stored with a push: one "key=value" line per limit, in a stable order. */
    static String canonical(ProfileQuota quota) {
        var text = new StringBuilder();
        quota.hard().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    static ProfileQuota parse(String canonical) {
        Map<String, String> hard = new LinkedHashMap<>();
        canonical.lines().filter(l -> l.contains("=")).forEach(l -> {
            int at = l.indexOf('=');
            hard.put(l.substring(0, at), l.substring(at + 1));
        });
        return new ProfileQuota(
                hard.get(ProfileQuota.CPU),
                hard.get(ProfileQuota.MEMORY),
                hard.containsKey(ProfileQuota.GPUS) ? Integer.valueOf(hard.get(ProfileQuota.GPUS)) : null,
                hard.containsKey(ProfileQuota.PODS) ? Integer.valueOf(hard.get(ProfileQuota.PODS)) : null);
    }
}
