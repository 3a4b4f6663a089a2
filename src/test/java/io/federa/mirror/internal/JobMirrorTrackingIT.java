package io.federa.mirror.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.JobState;
import io.federa.clusters.SlurmJob;
import io.federa.mirror.JobMirror;
import io.federa.mirror.TrackedJob;
import io.federa.support.FederaIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The mirror's reads for the portal's own bookkeeping (runs and sweeps follow their jobs through them,
 * ADR 25), on the real database: rows written by the poller's own upsert, each test on clusters of its
 * own name so that other tests' jobs do not count.
 */
@FederaIntegrationTest
class JobMirrorTrackingIT {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    JdbcJobStore store;

    @Autowired
    JobMirror mirror;

    @Test
    void pending_jobs_are_counted_per_cluster_and_running_or_ended_ones_are_not() {
        String busy = cluster();
        String quiet = cluster();
        store.upsert(
                busy,
                List.of(
                        job(1, JobState.PENDING),
                        job(2, JobState.PENDING),
                        job(3, JobState.RUNNING),
                        job(4, JobState.COMPLETED)),
                T);
        store.upsert(quiet, List.of(job(1, JobState.RUNNING), job(2, JobState.CANCELLED)), T);

        var pending = mirror.pendingPerCluster();

        assertThat(pending).containsEntry(busy, 2).doesNotContainKey(quiet);
    }

    @Test
    void jobs_are_read_for_the_asked_ids_of_one_cluster_and_unmirrored_ids_are_absent() {
        String cluster = cluster();
        String other = cluster();
        store.upsert(
                cluster,
                List.of(
                        job(10, JobState.PENDING, "AssocGrpCpuLimit", null, "federa-run=a", null, null),
                        job(11, JobState.FAILED, "NonZeroExitCode", 3, "federa-run=b", null, null),
                        job(12, JobState.RUNNING)),
                T);
        store.upsert(other, List.of(job(10, JobState.RUNNING)), T);

        var jobs = mirror.jobs(cluster, List.of(10L, 11L, 99L));

        assertThat(jobs).containsOnlyKeys(10L, 11L);
        assertThat(jobs.get(10L))
                .isEqualTo(new TrackedJob(
                        10, "alice", "federa-run=a", JobState.PENDING, "AssocGrpCpuLimit", null, false, null, null));
        assertThat(jobs.get(11L))
                .isEqualTo(new TrackedJob(
                        11, "alice", "federa-run=b", JobState.FAILED, "NonZeroExitCode", 3, true, null, null));
        assertThat(mirror.jobs(cluster, List.of())).isEmpty();
    }

    @Test
    void a_job_neither_controller_nor_accounting_knows_is_unknown_final_and_says_why() {
        String cluster = cluster();
        store.upsert(cluster, List.of(job(5, JobState.RUNNING)), T);
        store.markLost(cluster, 5, T.plusSeconds(60));

        TrackedJob lost = mirror.jobs(cluster, List.of(5L)).get(5L);

        assertThat(lost).isNotNull();
        assertThat(lost.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(lost.isFinal()).isTrue();
        assertThat(lost.stateReason()).contains("Vanished");
    }

    @Test
    void array_tasks_are_the_tasks_and_waiting_records_of_the_asked_arrays_only() {
        String cluster = cluster();
        store.upsert(
                cluster,
                List.of(
                        // array 100: a waiting record for tasks 2-3, tasks 0 and 1 split off as 101 and 102
                        job(100, JobState.PENDING, "JobArrayTaskLimit", null, "federa-sweep=s1", 100L, null),
                        job(101, JobState.RUNNING, "None", null, "federa-sweep=s1", 100L, 0),
                        job(102, JobState.COMPLETED, "None", 0, "federa-sweep=s1", 100L, 1),
                        // array 200: its last task started, so its record became that task
                        job(200, JobState.RUNNING, "None", null, "federa-sweep=s2", 200L, 4),
                        // array 300 is not asked for; job 400 is no array
                        job(300, JobState.PENDING, "Priority", null, "federa-sweep=s3", 300L, null),
                        job(301, JobState.RUNNING, "None", null, "federa-sweep=s3", 300L, 0),
                        job(400, JobState.RUNNING)),
                T);

        List<TrackedJob> rows = mirror.arrayTasks(cluster, List.of(100L, 200L));

        assertThat(rows).extracting(TrackedJob::jobId).containsExactly(100L, 101L, 102L, 200L);
        assertThat(rows.get(0).isWaitingRecordOf(100)).isTrue();
        assertThat(rows.get(0).stateReason()).isEqualTo("JobArrayTaskLimit");
        assertThat(rows.get(1).isTaskOf(100)).isTrue();
        assertThat(rows.get(1).arrayTaskId()).isEqualTo(0);
        assertThat(rows.get(2).isTaskOf(100)).isTrue();
        assertThat(rows.get(2).isFinal()).isTrue();
        assertThat(rows.get(3).isTaskOf(200)).isTrue();
        assertThat(rows.get(3).isWaitingRecordOf(200)).isFalse();
        assertThat(rows).allSatisfy(r -> assertThat(r.comment()).startsWith("federa-sweep="));
        assertThat(mirror.arrayTasks(cluster, List.of())).isEmpty();
    }

    private static String cluster() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SlurmJob job(long id, JobState state) {
        return job(id, state, "None", state.isFinal() ? 0 : null, "", null, null);
    }

    private static SlurmJob job(
            long id,
            JobState state,
            String reason,
            @Nullable Integer exitCode,
            String comment,
            @Nullable Long arrayJobId,
            @Nullable Integer arrayTaskId) {
        return new SlurmJob(
                id,
                "job-" + id,
                "alice",
                "team-a",
                "debug",
                state,
                Set.of(),
                reason,
                T,
                state == JobState.PENDING ? null : T,
                state.isFinal() ? T.plusSeconds(60) : null,
                1,
                1,
                "",
                10,
                exitCode,
                comment,
                "/tmp",
                "/tmp/out",
                arrayJobId,
                arrayTaskId,
                "");
    }
}
