package io.federa.mirror.internal;

import static io.federa.support.Federation.carol;
import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.ClusterPing;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.JobsSnapshot;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.support.FederaIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The poller's bookkeeping on the real database, with a scripted cluster: a job that leaves the
 * controller between polls (Slurm forgets finished jobs after MinJobAge, 5 min by default) gets its
 * final state from accounting, and one that neither knows any more is kept, final, with the reason.
 */
@FederaIntegrationTest
class JobMirrorPollerIT {

    @Autowired
    JdbcJobStore store;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    JobMirror mirror;

    @Test
    void jobs_that_age_out_of_the_controller_keep_their_final_state() {
        var cluster = new ScriptedCluster("scripted");
        var props = new MirrorProperties(
                Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(1)); // every poll a full sync
        var poller = new JobMirrorPoller(registry, name -> cluster, store, tx, events, Clock.systemUTC(), props);

        cluster.controller.put(1L, job(1, JobState.RUNNING));
        cluster.controller.put(2L, job(2, JobState.PENDING));
        poller.poll("scripted");
        assertThat(state(1)).isEqualTo(JobState.RUNNING);
        assertThat(state(2)).isEqualTo(JobState.PENDING);

        // both leave the controller; accounting still knows job 1 (it completed), nobody knows job 2
        cluster.controller.clear();
        cluster.accounting.put(1L, job(1, JobState.COMPLETED));
        poller.poll("scripted");

        assertThat(state(1)).isEqualTo(JobState.COMPLETED);
        MirroredJob vanished = find(2);
        assertThat(vanished.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(vanished.stateReason()).contains("Vanished");
        assertThat(store.openJobIds("scripted")).isEmpty();
        assertThat(cluster.accountingLookups).containsExactlyInAnyOrder(1L, 2L);

        // final jobs are not looked up again
        poller.poll("scripted");
        assertThat(cluster.accountingLookups).hasSize(2);
        poller.close();
    }

    private JobState state(long jobId) {
        return find(jobId).state();
    }

    private MirroredJob find(long jobId) {
        return mirror.find(carol(), "scripted", jobId).orElseThrow();
    }

    private static SlurmJob job(long id, JobState state) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new SlurmJob(
                id,
                "scripted-" + id,
                "alice",
                "team-a",
                "debug",
                state,
                Set.of(),
                "None",
                t,
                state == JobState.PENDING ? null : t,
                state.isFinal() ? t.plusSeconds(60) : null,
                1,
                1,
                "",
                10,
                state.isFinal() ? 0 : null,
                "",
                "/tmp",
                "/tmp/out",
                null,
                null,
                "");
    }

    /** A cluster whose controller and accounting the test scripts. */
    static final class ScriptedCluster implements SlurmClient {
        final String name;
        final Map<Long, SlurmJob> controller = new HashMap<>();
        final Map<Long, SlurmJob> accounting = new HashMap<>();
        final List<Long> accountingLookups = new ArrayList<>();

        ScriptedCluster(String name) {
            this.name = name;
        }

        @Override
        public String cluster() {
            return name;
        }

        @Override
        public JobsSnapshot jobs(@Nullable Instant changedSince) {
            return new JobsSnapshot(List.copyOf(controller.values()), Instant.now());
        }

        @Override
        public Optional<SlurmJob> job(long jobId) {
            return Optional.ofNullable(controller.get(jobId));
        }

        @Override
        public Optional<SlurmJob> accountingJob(long jobId) {
            accountingLookups.add(jobId);
            return Optional.ofNullable(accounting.get(jobId));
        }

        @Override
        public ClusterPing ping() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SlurmPartition> partitions() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SlurmNode> nodes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SubmitResult submit(String slurmUser, JobSubmission submission) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(String slurmUser, long jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.federa.clusters.SlurmAccounting accounting() {
            throw new UnsupportedOperationException();
        }
    }
}
