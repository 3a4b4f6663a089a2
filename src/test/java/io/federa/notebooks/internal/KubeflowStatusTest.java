package io.federa.notebooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the portal makes of the status Kubeflow's notebook-controller writes into a Notebook. */
class KubeflowStatusTest {

    @Test
    void a_running_container_with_a_ready_replica_is_ready() {
        var o = KubernetesNotebooks.Observed.of(
                "{\"readyReplicas\":1,\"containerState\":{\"running\":{\"startedAt\":\"2026-12-03T10:00:00Z\"}}}");
        assertThat(o.ready()).isTrue();
        assertThat(o.failed()).isNull();
    }

    @Test
    void an_image_pull_back_off_is_a_failed_spawn_with_kubeflows_message() {
        var o = KubernetesNotebooks.Observed.of("""
                {"readyReplicas":0,"containerState":{"waiting":{"reason":"ImagePullBackOff",
                 "message":"Back-off pulling image \\"x/y:1\\""}}}""");
        assertThat(o.failed())
                .isEqualTo("The image could not be pulled (ImagePullBackOff): Back-off pulling image \"x/y:1\"");
        assertThat(o.ready()).isFalse();
    }

    @Test
    void a_container_being_created_or_an_unschedulable_pod_is_progress_in_words_not_a_failure() {
        var creating = KubernetesNotebooks.Observed.of(
                "{\"containerState\":{\"waiting\":{\"reason\":\"ContainerCreating\"}}}");
        assertThat(creating.failed()).isNull();
        assertThat(creating.progress()).isEqualTo("Pulling the image and creating the container.");
        var unschedulable = KubernetesNotebooks.Observed.of("""
                {"conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable",
                 "message":"0/3 nodes are available: 3 Insufficient cpu."}]}""");
        assertThat(unschedulable.progress())
                .isEqualTo("Waiting for room on the cluster: 0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(KubernetesNotebooks.Observed.of("{}").progress())
                .isEqualTo("Waiting for the notebook controller to start the server.");
    }

    @Test
    void a_stopped_notebook_has_nothing_running() {
        var o = KubernetesNotebooks.Observed.of("{\"readyReplicas\":0,\"containerState\":{},\"conditions\":[]}");
        assertThat(o.running()).isFalse();
        assertThat(o.failed()).isNull();
    }

    @Test
    void slurm_node_lists_expand_as_slurm_writes_them() {
        assertThat(SlurmHostlist.expand("c1n1")).containsExactly("c1n1");
        assertThat(SlurmHostlist.expand("c1n[1-3,7]")).containsExactly("c1n1", "c1n2", "c1n3", "c1n7");
        assertThat(SlurmHostlist.expand("a1,b[01-02]")).containsExactly("a1", "b01", "b02");
        assertThat(SlurmHostlist.expand("")).isEmpty();
    }
}
