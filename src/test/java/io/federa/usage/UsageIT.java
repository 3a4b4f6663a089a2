package io.federa.usage;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static io.federa.support.Federation.carol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.JobState;
import io.federa.identity.UserLoggedIn;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.quota.JobUsage;
import io.federa.quota.Usage;
import io.federa.quota.UsageTotal;
import io.federa.shared.NotAllowedException;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The usage ledger fed by the job mirror of the real c1, and its team-scoped reads. */
@FederaIntegrationTest
class UsageIT {

    static SlurmTestClusters slurm;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    JobMirror mirror;

    @Autowired
    Usage usage;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void federateAndLogIn() {
        Federation.registerLocalClusters(registry, accounts, slurm);
        // what a login does: memberships from the token's groups (alice → team-a, bob → team-b)
        for (var user : List.of(alice(), bob())) {
            tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(user)));
        }
    }

    @Test
    void a_job_that_ran_on_c1_counts_cpus_times_its_run_time_for_its_team_today_once() {
        long jobId = slurm.sbatch("c1", "alice", "team-a", "-J", "federa-usage-test", "-c", "2", "--wrap", "sleep 3");
        MirroredJob job = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> mirror.find(alice(), "c1", jobId).orElse(null),
                        j -> j != null && j.state() == JobState.COMPLETED && j.endTime() != null);
        assertThat(job.cpus()).isEqualTo(2);
        assertThat(job.gpus()).isZero();
        long elapsed = Duration.between(job.startTime(), job.endTime()).toSeconds();
        assertThat(elapsed).isPositive();
        LocalDate day = LocalDate.ofInstant(job.startTime(), ZoneOffset.UTC);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jobCpuSeconds(jobId)).isEqualTo(2 * elapsed));
        assertThat(jdbc.queryForObject(
                        "select team from usage_jobs where cluster_name = 'c1' and job_id = ?", String.class, jobId))
                .isEqualTo("team-a");
        // the team's total for the day (other team-a jobs on the shared c1 may add to it) includes it
        List<UsageTotal> today = usage.daily(alice(), "team-a", "c1", day, day);
        assertThat(today).singleElement().satisfies(t -> {
            assertThat(t.period()).isEqualTo(day);
            assertThat(t.cluster()).isEqualTo("c1");
            assertThat(t.cpuSeconds()).isGreaterThanOrEqualTo(2 * elapsed);
            assertThat(t.cpuHours()).isPositive();
        });
        assertThat(usage.monthly(alice(), "team-a", null, YearMonth.from(day), YearMonth.from(day)))
                .filteredOn(t -> t.cluster().equals("c1"))
                .singleElement()
                .satisfies(t -> assertThat(t.cpuSeconds()).isGreaterThanOrEqualTo(2 * elapsed));

        // mirrored again (a full sync re-reads it, or its row changes): replaced, never added
        Map<String, Object> before = jobRows(jobId);
        jdbc.update(
                "update mirrored_jobs set usage_recorded_at = null where cluster_name = 'c1' and job_id = ?", jobId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select usage_recorded_at is not null from mirrored_jobs"
                                        + " where cluster_name = 'c1' and job_id = ?",
                                Boolean.class,
                                jobId)
                        .booleanValue());
        assertThat(jobRows(jobId)).isEqualTo(before);
        assertThat(jobCpuSeconds(jobId)).isEqualTo(2 * elapsed);
    }

    @Test
    void jobs_over_midnight_count_on_both_days_and_rerecording_replaces_what_a_job_counted() {
        String cluster = "usage-synthetic-1";
        usage.record(new JobUsage(
                cluster,
                1,
                "team-a",
                Instant.parse("2026-03-31T23:00:00Z"),
                Instant.parse("2026-04-01T01:00:00Z"),
                4,
                1));
        usage.record(new JobUsage(
                cluster,
                2,
                "team-a",
                Instant.parse("2026-04-01T10:00:00Z"),
                Instant.parse("2026-04-01T10:30:00Z"),
                2,
                0));
        // job 1 as it was recorded while running, then again once ended: only the last recording counts
        usage.record(new JobUsage(
                cluster,
                3,
                "team-a",
                Instant.parse("2026-04-02T00:00:00Z"),
                Instant.parse("2026-04-02T05:00:00Z"),
                1,
                0));
        usage.record(new JobUsage(
                cluster,
                3,
                "team-a",
                Instant.parse("2026-04-02T00:00:00Z"),
                Instant.parse("2026-04-02T01:00:00Z"),
                1,
                0));
        usage.record(new JobUsage(
                cluster,
                3,
                "team-a",
                Instant.parse("2026-04-02T00:00:00Z"),
                Instant.parse("2026-04-02T01:00:00Z"),
                1,
                0));

        assertThat(usage.daily(
                        alice(), "team-a", cluster, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-30")))
                .extracting(t -> t.period() + " " + t.cpuHours() + " " + t.gpuHours())
                .containsExactly("2026-03-31 4.0 1.0", "2026-04-01 5.0 1.0", "2026-04-02 1.0 0.0");
        assertThat(usage.monthly(alice(), "team-a", cluster, YearMonth.parse("2026-01"), YearMonth.parse("2026-12")))
                .extracting(t -> t.period() + " " + t.cpuHours() + " " + t.gpuHours())
                .containsExactly("2026-03-01 4.0 1.0", "2026-04-01 6.0 1.0");
        // a range with nothing in it is empty, not an error
        assertThat(usage.daily(
                        alice(), "team-a", cluster, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-31")))
                .isEmpty();
    }

    @Test
    void a_running_job_counts_up_to_now_in_the_month_to_date() {
        String cluster = "usage-synthetic-2";
        Instant start = Instant.now().minusSeconds(120);
        if (LocalDate.ofInstant(start, ZoneOffset.UTC).getDayOfMonth()
                != LocalDate.now(ZoneOffset.UTC).getDayOfMonth()) {
            start = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        long runningFor = Duration.between(start, Instant.now()).toSeconds();
        usage.record(new JobUsage(cluster, 7, "team-a", start, null, 3, 2));
        UsageTotal mtd = usage.monthToDate(alice(), "team-a", cluster);
        assertThat(mtd.cpuSeconds()).isBetween(3 * runningFor - 3, 3 * runningFor + 30);
        assertThat(mtd.gpuSeconds()).isBetween(2 * runningFor - 2, 2 * runningFor + 20);
        assertThat(usage.monthToDate(alice(), "team-a", "usage-nothing-here").cpuSeconds())
                .isZero();
    }

    @Test
    void only_members_and_portal_admins_read_a_teams_usage() {
        String cluster = "usage-synthetic-3";
        usage.record(new JobUsage(
                cluster,
                1,
                "team-a",
                Instant.parse("2026-04-01T10:00:00Z"),
                Instant.parse("2026-04-01T11:00:00Z"),
                1,
                0));
        var april = LocalDate.parse("2026-04-01");
        assertThatThrownBy(() -> usage.daily(bob(), "team-a", cluster, april, april))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> usage.monthly(bob(), "team-a", null, YearMonth.from(april), YearMonth.from(april)))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> usage.monthToDate(bob(), "team-a", cluster)).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> usage.daily(alice(), "team-nobody", null, april, april))
                .isInstanceOf(NotAllowedException.class);
        assertThat(usage.daily(carol(), "team-a", cluster, april, april))
                .singleElement()
                .satisfies(t -> assertThat(t.cpuHours()).isEqualTo(1.0));
        assertThat(usage.daily(bob(), "team-b", cluster, april, april)).isEmpty();
    }

    private long jobCpuSeconds(long jobId) {
        return jdbc.queryForObject(
                "select coalesce(sum(cpu_seconds), 0) from usage_days where cluster_name = 'c1' and job_id = ?",
                Long.class,
                jobId);
    }

    private Map<String, Object> jobRows(long jobId) {
        return jdbc.queryForMap(
                "select count(*) as days, sum(cpu_seconds) as cpu, sum(gpu_seconds) as gpu from usage_days"
                        + " where cluster_name = 'c1' and job_id = ?",
                jobId);
    }
}
