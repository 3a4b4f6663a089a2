package io.federa.bench;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.carol;

import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunComparison;
import io.federa.runs.RunComparisons;
import io.federa.runs.Runs;
import io.federa.runs.internal.RunStoreProbe;
import io.federa.shell.LineChart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmarks of the runs issue; prints a table (and writes target/bench/runs.md). Not a test: it
 * asserts nothing about time. Run with {@code scripts/bench.sh runs}. Needs Keycloak only for the
 * application to start; no Slurm (runs are seeded straight into the database).
 *
 * <ol>
 *   <li>metrics ingest: points per second through {@code POST /api/runs/{id}/metrics} with run
 *       tokens (batches of 1,000 and 10,000, 1 and 4 concurrent writers, each writer its own run), and
 *       the store's raw batch insert the endpoint ends in;
 *   <li>server time p50/p95 of the {@link Runs} reads behind the runs list, a run's page and compare,
 *       over 10,000 seeded runs × 1,000 steps × 3 metric keys (30 million points).
 * </ol>
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // the ingest rows write millions of points into four runs of team-a
        properties = {
            "federa.runs.run-quota.metric-points=1000000000",
            "federa.runs.team-quota.metric-points=100000000000"
        })
@ActiveProfiles({"test", "demo"})
class RunsBenchmark {

    static final int RUNS = Integer.getInteger("bench.runs", 10_000);
    static final int STEPS = Integer.getInteger("bench.steps", 1_000);
    static final List<String> KEYS = List.of("accuracy", "loss", "lr");
    static final int TEAMS = 10;
    static final long INGEST_SECONDS = Long.getLong("bench.ingest.seconds", 10);
    static final int SAMPLES = Integer.getInteger("bench.samples", 60);
    /** {@code -Dbench.compare.run-by-run=false} leaves out the slow rows of compare as it was before issue 12 item 5. */
    static final boolean COMPARE_RUN_BY_RUN =
            Boolean.parseBoolean(System.getProperty("bench.compare.run-by-run", "true"));

    @LocalServerPort
    int port;

    @Autowired
    Runs runs;

    @Autowired
    RunComparisons comparisons;

    JdbcTemplate jdbc;

    /** Seeding drops indexes, switches triggers off and vacuums: as the database's owner, not the portal's role. */
    @Autowired
    void superuser(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
    }

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    private final List<String> report = new ArrayList<>();
    private final Random random = new Random(42);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void run() throws Exception {
        tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(alice())));
        report.add("(machine: " + Runtime.getRuntime().availableProcessors() + " cores; load average at start "
                + loadAverage() + ")");
        report.add("");
        seed();

        if (INGEST_SECONDS > 0) {
            ingestRows();
        }

        jdbc.execute("vacuum analyze run_metrics");
        List<String> teamA = jdbc.queryForList(
                "select id from runs where team = 'team-a' and id like 'r-0%' order by id", String.class);
        report.add("## Runs API reads over " + String.format("%,d", RUNS) + " runs × " + String.format("%,d", STEPS)
                + " steps × " + KEYS.size() + " keys (server time, " + SAMPLES + " samples each, load average "
                + loadAverage() + ")");
        report.add("");
        report.add("| read | rows | p50 ms | p95 ms | max ms |");
        report.add("|---|---:|---:|---:|---:|");
        measure("runs list, admin, first page (50)", () -> runs.page(carol(), null, 0, 50));
        measure(
                "runs list, admin, last page (offset " + (RUNS - 50) + ")",
                () -> runs.page(carol(), null, RUNS - 50, 50));
        measure("runs list, alice, her teams, first page", () -> runs.page(alice(), null, 0, 50));
        measure("runs list, alice, team-a, first page", () -> runs.page(alice(), "team-a", 0, 50));
        measure(
                "runs list, alice, team-a, last page (offset " + (teamA.size() - 50) + ")",
                () -> runs.page(alice(), "team-a", teamA.size() - 50, 50));
        measure("run metrics, one key (loss)", () -> runs.metrics(alice(), pick(teamA), "loss", 1_000_000));
        measure("run metrics, all keys", () -> runs.metrics(alice(), pick(teamA), null, 1_000_000));
        measure(
                "run curves, all keys (run page: 600 points per series)",
                () -> runs.metricCurves(alice(), pick(teamA), 600));
        if (COMPARE_RUN_BY_RUN) {
            for (int n : new int[] {2, 5, 10}) {
                measure(
                        "compare " + n + " runs, run by run (each run, its last values, each key's curve)",
                        () -> compareRunByRun(alice(), ids(teamA, n)));
            }
        }
        for (int n : new int[] {2, 5, 10}) {
            measure(
                    "compare " + n + " runs, together, each key's curves in one query at 1,200 points",
                    () -> compareByKey(alice(), ids(teamA, n)));
        }
        for (int n : new int[] {2, 5, 10}) {
            measure(
                    "compare " + n + " runs, together, all curves in one query at the chart's width (600)",
                    () -> compareTogether(alice(), ids(teamA, n)));
        }

        String table = String.join("\n", report);
        System.out.println("\n" + table + "\n");
        Path out = Path.of("target", "bench", "runs.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n");
    }

    /** The ingest table; {@code -Dbench.ingest.seconds=0} leaves it out (only the reads are measured). */
    private void ingestRows() throws Exception {
        report.add("## Metrics ingest, points per second (" + INGEST_SECONDS + " s per row, load average "
                + loadAverage() + ")");
        report.add("");
        report.add("| path | points per batch | writers | points/s | batches | p50 ms/batch | p95 ms/batch |");
        report.add("|---|---:|---:|---:|---:|---:|---:|");
        List<String> tokens = ingestRuns(4);
        for (int batch : new int[] {1_000, 10_000}) {
            for (int writers : new int[] {1, 4}) {
                ingest("HTTP POST /api/runs/{id}/metrics", batch, writers, httpWriter(tokens, batch));
            }
        }
        RunStoreProbe store = new RunStoreProbe(context);
        for (int batch : new int[] {1_000, 10_000}) {
            for (int writers : new int[] {1, 4}) {
                List<MetricPoint> points = points(batch);
                ingest("store insert (one statement)", batch, writers, w -> store.insertMetrics(ingestId(w), points));
            }
        }
        report.add("");
        explainInsert();
    }

    /**
     * 10,000 runs in 10 teams (team-a has every tenth), newest one a minute apart; 3 state changes and
     * 5 params each, all ended; metrics accuracy, loss, lr at steps 1..1,000 each, inserted run by run (jobs post
     * a run's points in batches, so a run's points sit together on disk as they would in production).
     */
    private void seed() {
        long t0 = System.nanoTime();
        jdbc.update("""
                insert into runs (id, team, owner, cluster_name, slurm_user, account, script, job_name, tasks,
                    cpus_per_task, nodes, gpus, gres, partition_name, time_limit_minutes, output_path,
                    working_directory, exclusive, git_commit, notes, state, state_reason, slurm_job_id,
                    submit_started_at, submitted_at, ended_at, created_at, token_hash, token_expires_at)
                select 'r-' || lpad(g::text, 12, '0'), 'team-' || chr(97 + g % ?), 'user' || (g % 50),
                    case when g % 2 = 0 then 'c1' else 'c2' end, 'user' || (g % 50), 'team-' || chr(97 + g % ?),
                    E'#!/bin/bash\\n#SBATCH -J train\\n#SBATCH -c 4\\n#SBATCH -t 60\\n' || repeat(E'python train.py --lr 0.001\\n', 10),
                    'train-' || (g % 100), 1, 4, null, g % 2, null, 'debug', 60, '/tmp/slurm-%j.out', '/tmp',
                    false, md5(g::text), '',
                    case when g % 17 = 0 then 'FAILED' else 'COMPLETED' end, '',
                    1000000 + g, c, c + interval '2 seconds', c + interval '50 minutes',
                    c, 'seed-' || md5(g::text), null
                from generate_series(1, ?) g, lateral (select now() - (? - g) * interval '1 minute' as c) t
                """, TEAMS, TEAMS, RUNS, RUNS);
        jdbc.update("""
                insert into run_states (run_id, state, reason, at)
                select id, s, '', created_at from runs, unnest(array['QUEUED', 'SUBMITTED', 'COMPLETED']) s
                order by id""");
        jdbc.update("""
                insert into run_params (run_id, key, value, source)
                select id, k, case k when 'lr' then '0.001' when 'batch_size' then '64' when 'epochs' then '10'
                    when 'optimizer' then 'adam' else substr(id, 3) end, 'submit'
                from runs, unnest(array['batch_size', 'epochs', 'lr', 'optimizer', 'seed']) k""");
        double runsSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        // bulk load as a restore would: the run_metrics indexes are dropped and built again afterwards, and
        // the foreign key check is skipped (every run_id refers to a run inserted above)
        List<String> indexes =
                jdbc.queryForList("select indexdef from pg_indexes where tablename = 'run_metrics'", String.class);
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) con -> {
            try (var st = con.createStatement()) {
                for (String def : indexes) {
                    st.execute("drop index " + def.replaceFirst("(?i)^create (unique )?index (\\S+) .*$", "$2"));
                }
                st.execute("set session_replication_role = replica");
                int chunk = 1_000;
                for (int from = 1; from <= RUNS; from += chunk) {
                    try (var ps = con.prepareStatement("""
                            insert into run_metrics (run_id, key, step, value, at)
                            select 'r-' || lpad(g::text, 12, '0'), k, s,
                                case k when 'loss' then 2.0 * exp(-s / 300.0) + (g % 97) / 1000.0
                                       when 'accuracy' then 1.0 - exp(-s / 250.0) * (0.9 + (g % 89) / 1000.0)
                                       else 0.001 * (1 - s / 1001.0) end,
                                now() - (? - g) * interval '1 minute' + s * interval '2 seconds'
                            from generate_series(?, ?) g, unnest(?::varchar[]) k, generate_series(1, ?) s
                            """)) {
                        ps.setInt(1, RUNS);
                        ps.setInt(2, from);
                        ps.setInt(3, Math.min(from + chunk - 1, RUNS));
                        ps.setArray(4, con.createArrayOf("varchar", KEYS.toArray()));
                        ps.setInt(5, STEPS);
                        ps.executeUpdate();
                    }
                }
                st.execute("set session_replication_role = origin");
                for (String def : indexes) {
                    st.execute(def);
                }
            }
            return null;
        });
        double metricsSeconds = (System.nanoTime() - t1) / 1e9;
        // the bulk load skipped the triggers, so the downsampled series (V0034) are counted once, as after a restore
        long tb = System.nanoTime();
        jdbc.execute("select run_metric_buckets_rebuild()");
        double bucketsSeconds = (System.nanoTime() - tb) / 1e9;
        long t2 = System.nanoTime();
        jdbc.execute("vacuum analyze runs");
        jdbc.execute("vacuum analyze run_params");
        jdbc.execute("vacuum analyze run_states");
        jdbc.execute("vacuum analyze run_metrics");
        jdbc.execute("vacuum analyze run_metric_buckets");
        jdbc.execute("checkpoint");
        long points = jdbc.queryForObject("select count(*) from run_metrics", Long.class);
        String size = jdbc.queryForObject("select pg_size_pretty(pg_total_relation_size('run_metrics'))", String.class);
        report.add(String.format(
                "(seeded %,d runs in %d teams with 3 state changes and 5 params each in %.1f s; %,d metric points"
                        + " (%s with indexes) in %.1f s; their buckets (%s) counted in %.1f s; vacuum analyze +"
                        + " checkpoint %.1f s)",
                RUNS,
                TEAMS,
                runsSeconds,
                points,
                size,
                metricsSeconds,
                jdbc.queryForObject(
                        "select pg_size_pretty(pg_total_relation_size('run_metric_buckets'))", String.class),
                bucketsSeconds,
                (System.nanoTime() - t2) / 1e9));
        report.add("");
    }

    /** Where one 10,000-point insert (the store's statement shape) spends its time; rolled back. */
    private void explainInsert() {
        List<String> plan = tx.execute(status -> {
            status.setRollbackOnly();
            return jdbc.queryForList("""
                    explain (analyze, buffers) insert into run_metrics (run_id, key, step, value, at)
                    select ?, k, s, v, t from unnest(
                        (select array_agg((array['accuracy', 'loss', 'lr'])[1 + i % 3])::varchar[] from generate_series(0, 9999) i),
                        (select array_agg(i / 3)::int8[] from generate_series(0, 9999) i),
                        (select array_agg(1.0 / (i + 1))::float8[] from generate_series(0, 9999) i),
                        (select array_agg(now())::timestamptz[] from generate_series(0, 9999) i)) as u(k, s, v, t)""", String.class, ingestId(0));
        });
        report.add("(EXPLAIN ANALYZE of one 10,000-point insert: "
                + String.join(
                        "; ",
                        plan.stream()
                                .map(String::trim)
                                .filter(l -> l.startsWith("Insert on")
                                        || l.startsWith("Trigger")
                                        || l.startsWith("Execution"))
                                .toList())
                + ")");
        report.add("");
    }

    /** Runs of team-a with known tokens, one per writer, whose metrics the ingest rows write. */
    private List<String> ingestRuns(int n) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            String token = "frt_bench-ingest-token-" + w + "-" + Long.toHexString(random.nextLong());
            jdbc.update("""
                    insert into runs (id, team, owner, cluster_name, slurm_user, account, script, job_name, tasks,
                        cpus_per_task, gpus, output_path, working_directory, exclusive, state, created_at,
                        ended_at, token_hash)
                    values (?, 'team-a', 'alice', 'c1', 'alice', 'team-a', 'true', 'ingest', 1, 1, 0, '/tmp/o',
                        '/tmp', false, 'COMPLETED', now(), now(), ?)""", ingestId(w), sha256(token));
            tokens.add(token);
        }
        return tokens;
    }

    private static String ingestId(int writer) {
        return "r-ingest" + writer;
    }

    private interface Writer {
        void post(int writer) throws Exception;
    }

    private Writer httpWriter(List<String> tokens, int batch) {
        // bodies built once, as the Python helper sends them (key, step, value, timestamp)
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            StringBuilder json = new StringBuilder(batch * 80).append('[');
            String at = Instant.now().toString();
            for (int i = 0; i < batch; i++) {
                int step = b * batch / KEYS.size() + i / KEYS.size();
                if (i > 0) {
                    json.append(',');
                }
                json.append("{\"key\":\"")
                        .append(KEYS.get(i % KEYS.size()))
                        .append("\",\"step\":")
                        .append(step)
                        .append(",\"value\":")
                        .append(1.0 / (step + 1))
                        .append(",\"timestamp\":\"")
                        .append(at)
                        .append("\"}");
            }
            bodies.add(json.append(']').toString());
        }
        AtomicInteger next = new AtomicInteger();
        return w -> {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/runs/" + ingestId(w) + "/metrics"))
                    .header("Authorization", "Bearer " + tokens.get(w))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(next.getAndIncrement() % bodies.size())))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
        };
    }

    private static List<MetricPoint> points(int batch) {
        Instant at = Instant.now();
        List<MetricPoint> points = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            long step = i / KEYS.size();
            points.add(new MetricPoint(KEYS.get(i % KEYS.size()), step, 1.0 / (step + 1), at));
        }
        return points;
    }

    private void ingest(String path, int batch, int writers, Writer writer) throws Exception {
        for (int w = 0; w < writers; w++) {
            writer.post(w); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(INGEST_SECONDS);
        long t0 = System.nanoTime();
        List<Future<List<Double>>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                List<Double> ms = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    writer.post(id);
                    ms.add((System.nanoTime() - s) / 1e6);
                }
                return ms;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : done) {
            all.addAll(f.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double[] ms = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        report.add(String.format(
                "| %s | %,d | %d | %,.0f | %,d | %.1f | %.1f |",
                path,
                batch,
                writers,
                (double) ms.length * batch / seconds,
                ms.length,
                ms[ms.length / 2],
                ms[(int) Math.ceil(ms.length * 0.95) - 1]));
    }

    /**
     * What the compare page read before issue 12 item 5, run by run: each run (with its params), its
     * last value per key, and per key each run's curve as the chart first asked for it then (1,200
     * points).
     */
    private List<Object> compareRunByRun(CurrentUser user, List<String> ids) {
        List<Object> read = new ArrayList<>();
        for (String id : ids) {
            read.add(runs.find(user, id).orElseThrow());
            runs.lastMetrics(user, id);
        }
        for (String key : KEYS) {
            for (String id : ids) {
                runs.metricCurve(user, id, key, null, null, 1_200);
            }
        }
        return read;
    }

    /**
     * What the compare page read after the first part of issue 12 item 5: the runs together ({@link
     * RunComparisons}), every final value in one query, and each chart its runs' curves in one query at
     * the first drawing's former width, 1,200 points (which thins nothing of a 1,000-point series).
     */
    private List<Run> compareByKey(CurrentUser user, List<String> ids) {
        RunComparison comparison = comparisons.compare(user, ids).orElseThrow();
        for (String key : comparison.keys()) {
            comparisons.curves(user, ids, key, null, null, 1_200);
        }
        return comparison.runs();
    }

    /**
     * What the compare page reads now: the runs, params and tags in one query each, every final value in
     * one, and the first drawing of every chart in one query thinned in SQL to the charts' width ({@link
     * LineChart#DEFAULT_MAX_POINTS} until the browser has reported it).
     */
    private List<Run> compareTogether(CurrentUser user, List<String> ids) {
        RunComparison comparison = comparisons.compare(user, ids).orElseThrow();
        comparisons.curves(user, ids, comparison.keys(), null, null, LineChart.DEFAULT_MAX_POINTS);
        return comparison.runs();
    }

    /** {@code n} distinct runs of the pool. */
    private List<String> ids(List<String> pool, int n) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        while (ids.size() < n) {
            ids.add(pick(pool));
        }
        return List.copyOf(ids);
    }

    private String pick(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private void measure(String name, Supplier<?> query) {
        for (int i = 0; i < 20; i++) {
            query.get();
        }
        double[] ms = new double[SAMPLES];
        int rows = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long t0 = System.nanoTime();
            Object result = query.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            rows = result instanceof java.util.Collection<?> c
                    ? c.size()
                    : result instanceof Map<?, ?> m ? m.size() : 0;
        }
        Arrays.sort(ms);
        report.add(String.format(
                "| %s | %,d | %.1f | %.1f | %.1f |",
                name, rows, ms[SAMPLES / 2], ms[(int) Math.ceil(SAMPLES * 0.95) - 1], ms[SAMPLES - 1]));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
