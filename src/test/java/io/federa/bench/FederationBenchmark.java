package io.federa.bench;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.carol;

import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.JobState;
import io.federa.identity.CurrentUser;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import io.federa.support.Federation;
import io.federa.support.SlurmTestClusters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmarks of the federation issue; prints a table (and writes target/bench/federation.md). Not a
 * test: it asserts nothing about time. Run with {@code scripts/bench.sh}.
 *
 * <ol>
 *   <li>slurmrestd calls per cluster per minute while 1, 10 and 100 simulated users keep reading the
 *       Jobs page's data (the same {@link JobMirror} calls the page and /api/jobs make), with the
 *       production poll intervals (10 s);
 *   <li>server time of the Jobs page's queries over 1,000,000 generated mirrored jobs.
 * </ol>
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "federa.mirror.poll-interval=10s",
            "federa.clusters.health-interval=10s",
            "federa.mirror.tick=1s",
            "federa.clusters.tick=1s"
        })
@ActiveProfiles({"test", "demo"})
class FederationBenchmark {

    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window.seconds", 30));
    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    JobMirror mirror;

    @Autowired
    MeterRegistry meters;

    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    /** Seeding drops indexes, switches triggers off and vacuums: as the database's owner, not the portal's role. */
    @Autowired
    void superuser(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
    }

    private final List<String> report = new ArrayList<>();

    @Test
    void run() throws Exception {
        Federation.registerLocalClusters(registry, accounts, SlurmTestClusters.require());
        Federation.demoPeopleLoggedIn(events, tx);
        Thread.sleep(5_000); // first discovery and full sync are not steady state
        report.add("## slurmrestd calls per cluster per minute (poll interval 10 s, window " + WINDOW.toSeconds()
                + " s per row)");
        report.add("");
        report.add("| simulated users | page reads/s | calls/min c1 | calls/min c2 |");
        report.add("|---:|---:|---:|---:|");
        for (int users : new int[] {1, 10, 100}) {
            callsPerMinute(users);
        }
        report.add("");
        generate(ROWS);
        report.add("## Jobs page queries over " + String.format("%,d", ROWS) + " mirrored jobs (server time)");
        report.add("");
        report.add("| query | p50 ms | p95 ms | max ms |");
        report.add("|---|---:|---:|---:|");
        measure(
                "admin, first page, newest first",
                () -> mirror.page(carol(), JobFilter.none(), JobSort.NEWEST_FIRST, 0, 50));
        measure(
                "admin, deepest page (offset 9,950)",
                () -> mirror.page(carol(), JobFilter.none(), JobSort.NEWEST_FIRST, JobMirror.MAX_ROWS - 50, 50));
        measure(
                "team user (scoped), first page",
                () -> mirror.page(alice(), JobFilter.none(), JobSort.NEWEST_FIRST, 0, 50));
        measure(
                "admin, filter state=FAILED",
                () -> mirror.page(
                        carol(), new JobFilter(null, JobState.FAILED, null, null, null), JobSort.NEWEST_FIRST, 0, 50));
        measure(
                "admin, filter cluster+user",
                () -> mirror.page(
                        carol(), new JobFilter("c1", null, "user7", null, null), JobSort.NEWEST_FIRST, 0, 50));
        measure(
                "team user, filter partition=gpu",
                () -> mirror.page(alice(), new JobFilter(null, null, null, null, "gpu"), JobSort.NEWEST_FIRST, 0, 50));
        measure(
                "admin, by job id descending",
                () -> mirror.page(carol(), JobFilter.none(), JobSort.JOB_ID_DESC, 0, 50));

        String table = String.join("\n", report);
        System.out.println("\n" + table + "\n");
        Path out = Path.of("target", "bench", "federation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n");
    }

    private void callsPerMinute(int users) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        CurrentUser[] people = {alice(), carol(), Federation.bob()};
        ExecutorService pool = Executors.newFixedThreadPool(users);
        for (int u = 0; u < users; u++) {
            CurrentUser who = people[u % people.length];
            pool.execute(() -> {
                while (!stop.get()) {
                    mirror.page(who, JobFilter.none(), JobSort.NEWEST_FIRST, 0, 50);
                    reads.incrementAndGet();
                }
            });
        }
        long c1 = calls("c1");
        long c2 = calls("c2");
        Thread.sleep(WINDOW.toMillis());
        long c1After = calls("c1");
        long c2After = calls("c2");
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        double minutes = WINDOW.toMillis() / 60_000.0;
        report.add(String.format(
                "| %d | %,.0f | %.1f | %.1f |",
                users, reads.get() / (WINDOW.toMillis() / 1000.0), (c1After - c1) / minutes, (c2After - c2) / minutes));
    }

    private long calls(String cluster) {
        return meters.find("federa.slurm.requests").tag("cluster", cluster).timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private void generate(int rows) {
        long t0 = System.nanoTime();
        jdbc.update("""
                insert into mirrored_jobs (cluster_name, job_id, name, slurm_user, account, partition_name, state,
                    state_reason, submit_time, start_time, end_time, cpus, node_count, final, mirrored_at)
                select case when g % 2 = 0 then 'c1' else 'c2' end,
                       100000000 + g,
                       'train-' || (g % 1000),
                       'user' || (g % 100),
                       'team-' || chr(97 + (g % 10)),
                       case when g % 5 = 0 then 'gpu' else 'debug' end,
                       (array['COMPLETED','COMPLETED','COMPLETED','FAILED','CANCELLED','RUNNING','PENDING','TIMEOUT'])[1 + g % 8],
                       'None',
                       now() - (g || ' seconds')::interval * 30,
                       now() - (g || ' seconds')::interval * 30 + interval '1 minute',
                       now() - (g || ' seconds')::interval * 30 + interval '11 minutes',
                       1 + g % 16, 1, g % 8 not in (5, 6), now()
                from generate_series(1, ?) g
                """, rows);
        jdbc.execute("analyze mirrored_jobs");
        report.add(String.format("(generated %,d rows in %.1f s)", rows, (System.nanoTime() - t0) / 1e9));
        report.add("");
    }

    private void measure(String name, Supplier<?> query) {
        for (int i = 0; i < 5; i++) {
            query.get();
        }
        int runs = 60;
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        report.add(String.format(
                "| %s | %.1f | %.1f | %.1f |", name, ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1], ms[runs - 1]));
    }
}
