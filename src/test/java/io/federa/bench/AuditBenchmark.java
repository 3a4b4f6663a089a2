package io.federa.bench;

import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.audit.AuditVerification;
import io.federa.audit.internal.ChainForBench;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;
import io.federa.shared.SystemTasks;
import io.federa.support.KeycloakTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmarks of the audit issue; prints a table (and writes target/bench/audit.md). Not a test: it
 * asserts nothing about time. Run with {@code scripts/bench.sh audit}; needs Keycloak (tokens, and for
 * the application to start), no Slurm.
 *
 * <ol>
 *   <li>audit cost per request: a small change in a transaction, without and with an audited event
 *       (registry row + asynchronous hash-chained append, waited for), and the ratio;
 *   <li>verify over 1,000,000 entries (a valid chain seeded straight into the table);
 *   <li>audit page queries over those entries: p50/p95 of the first page with each filter and a deep
 *       keyset page;
 *   <li>API throughput with bearer tokens (Keycloak client credentials) at 1, 4 and 16 clients.
 * </ol>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@TestPropertySource(properties = {"federa.api.requests-per-period=100000000", "federa.scheduling.enabled=false"})
class AuditBenchmark {

    static final int ENTRIES = Integer.getInteger("bench.audit.entries", 1_000_000);
    static final int REQUESTS = Integer.getInteger("bench.audit.requests", 2_000);
    static final int SAMPLES = Integer.getInteger("bench.samples", 40);
    static final long API_SECONDS = Long.getLong("bench.api.seconds", 10);

    record BenchAction(AuditRecord audit) implements AuditableEvent {}

    @LocalServerPort
    int port;

    @Autowired
    AuditLog log;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate app;

    JdbcTemplate owner;

    @Autowired
    void superuser(EmbeddedPostgres postgres) {
        owner = new JdbcTemplate(postgres.getPostgresDatabase());
    }

    private final List<String> report = new ArrayList<>();

    @Test
    void benchmark() throws Exception {
        report.add("(machine: " + Runtime.getRuntime().availableProcessors() + " cores; load average at start " + load()
                + ")");
        report.add("");
        auditCost();
        seedAndVerify();
        pageQueries();
        apiThroughput();
        String text = String.join("\n", report);
        System.out.println("\n" + text + "\n");
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(Path.of("target/bench/audit.md"), text + "\n");
    }

    private void auditCost() {
        app.update("create table if not exists bench_counter (id int primary key, n bigint)");
        app.update("insert into bench_counter values (1, 0) on conflict do nothing");
        Runnable plain =
                () -> tx.executeWithoutResult(s -> app.update("update bench_counter set n = n + 1 where id = 1"));
        Runnable audited = () -> tx.executeWithoutResult(s -> {
            app.update("update bench_counter set n = n + 1 where id = 1");
            events.publishEvent(new BenchAction(
                    AuditRecord.success(Actor.person("bench"), Instant.now(), "bench.changed", "counter", "1")
                            .after(Map.of("n", "+1"))));
        });
        for (int i = 0; i < 200; i++) { // warm up both paths
            plain.run();
            audited.run();
        }
        awaitAppended(400 / 2);
        long before = count();
        long t0 = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            plain.run();
        }
        double plainMs = (System.nanoTime() - t0) / 1e6 / REQUESTS;
        long t1 = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            audited.run();
        }
        double publishMs = (System.nanoTime() - t1) / 1e6 / REQUESTS;
        awaitAppended(before + REQUESTS);
        double totalMs = (System.nanoTime() - t1) / 1e6 / REQUESTS;
        report.add("## Audit cost per request (" + String.format("%,d", REQUESTS) + " sequential transactions)");
        report.add("");
        report.add("| request | ms per request | ratio |");
        report.add("|---|---:|---:|");
        report.add(String.format("| one UPDATE, no audit | %.2f | 1.00 |", plainMs));
        report.add(String.format(
                "| the same + an audited event, as the caller waits (registry row in its transaction) | %.2f | %.2f |",
                publishMs, publishMs / plainMs));
        report.add(String.format(
                "| the same, until every entry is appended to the chain (async listener) | %.2f | %.2f |",
                totalMs, totalMs / plainMs));
        report.add("");
        app.update("drop table bench_counter");
    }

    private long count() {
        Long n = app.queryForObject("select count(*) from audit_entries", Long.class);
        return n == null ? 0 : n;
    }

    private void awaitAppended(long atLeast) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count() >= atLeast);
    }

    /** Appends ENTRIES valid chain entries straight into the table (as an import would), then verifies. */
    private void seedAndVerify() {
        long t0 = System.nanoTime();
        var head = app.queryForMap("select seq, hash from audit_entries order by seq desc limit 1");
        long seq = ((Number) head.get("seq")).longValue();
        String prev = (String) head.get("hash");
        String[] actors = {"alice", "bob", "carol", "dave", "ci-team-a", "ci-team-b"};
        String[] actions = {"run.submitted", "run.cancelled", "quota.set", "cluster.changed", "login", "access.refused"
        };
        Instant start = Instant.now().minus(Duration.ofDays(365));
        int batch = 5_000;
        List<Object[]> rows = new ArrayList<>(batch);
        for (int i = 0; i < ENTRIES; i++) {
            seq++;
            var actor = Actor.person(actors[i % actors.length]).from("10.0.0." + (i % 200), "bench/1.0");
            String action = actions[(i / 7) % actions.length];
            String team = "team-" + (char) ('a' + i % 20);
            AuditRecord.Outcome outcome =
                    action.equals("access.refused") ? AuditRecord.Outcome.REFUSED : AuditRecord.Outcome.SUCCESS;
            Instant at = start.plusMillis(i * 31_536L).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            Map<String, String> after = Map.of("value", Integer.toString(i), "note", "seeded");
            var entry = new io.federa.audit.AuditEntry(
                    seq,
                    UUID.randomUUID(),
                    at,
                    at,
                    actor,
                    action,
                    "thing",
                    "t-" + (i % 50_000),
                    team,
                    outcome,
                    outcome == AuditRecord.Outcome.REFUSED ? "not a member" : null,
                    Map.of(),
                    after,
                    prev,
                    "");
            String hash = ChainForBench.hash(prev, entry);
            rows.add(new Object[] {
                seq,
                entry.eventId(),
                Timestamp.from(at),
                Timestamp.from(at),
                "PERSON",
                actor.name(),
                null,
                actor.clientAddress(),
                actor.userAgent(),
                action,
                "thing",
                entry.resourceId(),
                team,
                outcome.name(),
                entry.reason(),
                "{}",
                ChainForBench.json(after),
                prev,
                hash
            });
            prev = hash;
            if (rows.size() == batch || i == ENTRIES - 1) {
                app.batchUpdate("""
                        insert into audit_entries (seq, event_id, occurred_at, recorded_at, actor_kind, actor,
                            on_behalf_of, client_address, user_agent, action, resource_type, resource_id, team,
                            outcome, reason, before, after, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)""", rows);
                rows.clear();
            }
        }
        double seedS = (System.nanoTime() - t0) / 1e9;
        owner.execute("vacuum analyze audit_entries");
        String size =
                owner.queryForObject("select pg_size_pretty(pg_total_relation_size('audit_entries'))", String.class);
        List<Double> times = new ArrayList<>();
        AuditVerification v = null;
        for (int i = 0; i < 3; i++) {
            v = SystemTasks.runAsSystem(log::verify);
            times.add(v.took().toMillis() / 1000.0);
        }
        Collections.sort(times);
        report.add("## Verify over " + String.format("%,d", v.checked()) + " entries (" + size
                + " with indexes; seeded in " + String.format("%.0f", seedS) + " s)");
        report.add("");
        report.add("| run | seconds | entries/s | intact |");
        report.add("|---|---:|---:|---|");
        for (int i = 0; i < times.size(); i++) {
            report.add(String.format(
                    "| %s | %.1f | %,.0f | %s |",
                    i == 0 ? "fastest" : i == 1 ? "median" : "slowest",
                    times.get(i),
                    v.checked() / times.get(i),
                    v.intact()));
        }
        report.add("");
    }

    private void pageQueries() {
        long deep = app.queryForObject("select min(seq) + (max(seq) - min(seq)) / 2 from audit_entries", Long.class);
        Instant mid = Instant.now().minus(Duration.ofDays(180));
        Map<String, Supplier<Integer>> queries = new java.util.LinkedHashMap<>();
        queries.put("first page, no filter", () -> page(AuditQuery.any(), null));
        queries.put(
                "first page, who = bob",
                () -> page(new AuditQuery("bob", null, null, null, null, null, null, null), null));
        queries.put(
                "first page, team = team-c",
                () -> page(new AuditQuery(null, "team-c", null, null, null, null, null, null), null));
        queries.put(
                "first page, action = quota.set",
                () -> page(new AuditQuery(null, null, "quota.set", null, null, null, null, null), null));
        queries.put(
                "first page, action prefix run.",
                () -> page(new AuditQuery(null, null, "run.", null, null, null, null, null), null));
        queries.put(
                "first page, resource = thing t-4242",
                () -> page(new AuditQuery(null, null, null, "thing", "t-4242", null, null, null), null));
        queries.put(
                "first page, outcome = REFUSED",
                () -> page(
                        new AuditQuery(null, null, null, null, null, AuditRecord.Outcome.REFUSED, null, null), null));
        queries.put(
                "first page, one day half a year ago",
                () -> page(AuditQuery.period(mid, mid.plus(Duration.ofDays(1))), null));
        queries.put(
                "who = bob and team = team-c and a month",
                () -> page(
                        new AuditQuery("bob", "team-c", null, null, null, null, mid, mid.plus(Duration.ofDays(30))),
                        null));
        queries.put(
                "keyset page in the middle (before = seq " + String.format("%,d", deep) + ")",
                () -> page(AuditQuery.any(), deep));
        queries.put(
                "keyset page in the middle, team = team-c",
                () -> page(new AuditQuery(null, "team-c", null, null, null, null, null, null), deep));
        report.add("## Audit page queries over " + String.format("%,d", count()) + " entries (a page is 100 rows, "
                + SAMPLES + " samples each, as a portal admin)");
        report.add("");
        report.add("| query | rows | p50 ms | p95 ms |");
        report.add("|---|---:|---:|---:|");
        queries.forEach((name, q) -> {
            q.get();
            List<Double> ms = new ArrayList<>();
            int rows = 0;
            for (int i = 0; i < SAMPLES; i++) {
                long t = System.nanoTime();
                rows = q.get();
                ms.add((System.nanoTime() - t) / 1e6);
            }
            Collections.sort(ms);
            report.add(String.format(
                    "| %s | %d | %.1f | %.1f |",
                    name, rows, ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1)));
        });
        report.add("");
    }

    private int page(AuditQuery q, Long before) {
        return SystemTasks.runAsSystem(() -> log.page(q, before, 100)).size();
    }

    private void apiThroughput() throws Exception {
        String token = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        var http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/runs/templates");
        for (int i = 0; i < 50; i++) {
            http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        report.add("## API throughput with bearer tokens (GET /api/runs/templates, " + API_SECONDS
                + " s each, load average " + load() + ")");
        report.add("");
        report.add("| clients | requests/s | p50 ms | p95 ms | non-200 |");
        report.add("|---:|---:|---:|---:|---:|");
        for (int clients : new int[] {1, 4, 16}) {
            long end = System.nanoTime() + API_SECONDS * 1_000_000_000L;
            var done = new AtomicLong();
            var failed = new AtomicLong();
            List<Double> ms = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        try {
                            var r = http.send(
                                    HttpRequest.newBuilder(uri)
                                            .header("Authorization", "Bearer " + token)
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() != 200) {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                        ms.add((System.nanoTime() - t) / 1e6);
                        done.incrementAndGet();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            List<Double> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            report.add(String.format(
                    "| %d | %,.0f | %.1f | %.1f | %d |",
                    clients,
                    done.get() / (double) API_SECONDS,
                    sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                    failed.get()));
        }
        report.add("");
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
