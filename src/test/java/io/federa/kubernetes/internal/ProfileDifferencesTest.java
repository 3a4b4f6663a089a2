package io.federa.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.ProfileQuota;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the drift check calls a difference between the Profile the portal wants and the cluster's. */
class ProfileDifferencesTest {

    static final ProfileQuota QUOTA = new ProfileQuota("4", "8Gi", 1, 10);

    static GenericKubernetesResource wanted() {
        return ProfileSpecs.desired("kf-team-a", "team-a", QUOTA, "prod");
    }

    /** The same Profile as the cluster would give it back (values possibly written by kubectl as integers). */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource onCluster(Map<String, Object> hard) {
        GenericKubernetesResource p = wanted();
        p.getMetadata().setResourceVersion("42");
        p.getMetadata().setFinalizers(java.util.List.of("profile-finalizer"));
        var spec = new LinkedHashMap<>(
                (Map<String, Object>) p.getAdditionalProperties().get("spec"));
        spec.put("resourceQuotaSpec", Map.of("hard", hard));
        p.setAdditionalProperty("spec", spec);
        return p;
    }

    @Test
    void the_same_amounts_written_differently_are_no_drift() {
        var same = onCluster(Map.of("cpu", 4, "memory", "8192Mi", "requests.nvidia.com/gpu", "1", "pods", 10));
        assertThat(ProfileSpecs.differences(wanted(), same, "prod")).isEmpty();
    }

    @Test
    void a_changed_added_or_removed_limit_is_named_with_both_values() {
        var changed = onCluster(Map.of("cpu", "4", "memory", "64Gi", "pods", "10", "limits.cpu", "100"));
        assertThat(ProfileSpecs.differences(wanted(), changed, "prod"))
                .isEqualTo("limits.cpu: 100 on the cluster, no limit in the portal; "
                        + "memory: 64Gi on the cluster, 8Gi in the portal; "
                        + "requests.nvidia.com/gpu: no limit on the cluster, 1 in the portal");
    }

    @Test
    void a_missing_profile_another_owner_or_a_lost_label_is_drift() {
        assertThat(ProfileSpecs.differences(wanted(), null, "prod"))
                .isEqualTo("the Profile does not exist on the cluster");
        var other = onCluster(Map.of("cpu", "4", "memory", "8Gi", "requests.nvidia.com/gpu", "1", "pods", "10"));
        @SuppressWarnings("unchecked")
        var spec = new LinkedHashMap<>(
                (Map<String, Object>) other.getAdditionalProperties().get("spec"));
        spec.put("owner", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "User", "name", "mallory"));
        spec.put("plugins", java.util.List.of());
        other.setAdditionalProperty("spec", spec);
        var labels = new LinkedHashMap<>(other.getMetadata().getLabels());
        labels.remove(FederaLabels.TEAM);
        other.getMetadata().setLabels(labels);
        assertThat(ProfileSpecs.differences(wanted(), other, "prod"))
                .contains("label federa.io/team: none on the cluster, team-a in the portal")
                .contains("spec.owner.kind: User on the cluster, Group in the portal")
                .contains("spec.owner.name: mallory on the cluster, team-a in the portal")
                .contains("spec.plugins: set on the cluster, not by the portal");
    }

    @Test
    void a_pushed_quota_is_stored_and_read_back_unchanged() {
        assertThat(ProfileSpecs.parse(ProfileSpecs.canonical(QUOTA))).isEqualTo(QUOTA);
        assertThat(ProfileSpecs.parse(ProfileSpecs.canonical(ProfileQuota.NONE)))
                .isEqualTo(ProfileQuota.NONE);
    }

    @Test
    void a_team_name_becomes_a_valid_namespace() {
        assertThat(JdbcKubernetesClusters.namespaceFor("kf-{team}", "Team_A")).isEqualTo("kf-team-a");
        assertThat(JdbcKubernetesClusters.namespaceFor("{team}", "team-a")).isEqualTo("team-a");
    }
}
