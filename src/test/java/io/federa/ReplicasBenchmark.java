package io.federa;

import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.support.BrowserExtension;
import io.federa.support.KeycloakTokens;
import io.federa.support.PortalProcess;
import io.federa.support.SlurmTestClusters;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark of several replicas (ADR 29), run by {@code scripts/bench.sh replicas}; prints a table (and
 * writes target/bench/replicas.md). Not a test: it asserts nothing. REST read throughput against one
 * replica and against two on one PostgreSQL, and the slurmrestd calls per minute each replica makes.
 */
class ReplicasBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.window.seconds", 30));

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    private final List<String> report = new ArrayList<>();

    @Test
    void benchmark() throws Exception {
        SlurmTestClusters.require();
        Path tmp = Files.createTempDirectory("federa-replicas-bench");
        try (var postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String key = ReplicasIT.secretsKey();
            var argsA =
                    fast(ReplicasIT.args(url, tmp, key, ReplicasIT.demoEnv(tmp).toString()));
            var argsB = fast(ReplicasIT.args(url, tmp, key, ""));
            try (var a = new PortalProcess(tmp.resolve("a"), ReplicasIT.freePort(), argsA);
                    var b = new PortalProcess(tmp.resolve("b"), ReplicasIT.freePort(), argsB)) {
                a.start();
                a.awaitReady(ReplicasIT.START);
                ReplicasIT.awaitDemoStack(a);
                String token = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
                Page adminA = ReplicasIT.logIn(browser, a, "carol");

                double[] slurmOne = callsPerMinute(adminA, a);
                double one = throughput(List.of(a), token);

                b.start();
                b.awaitReady(ReplicasIT.START);
                Page adminB = ReplicasIT.logIn(browser, b, "carol");
                long[] before = {calls(adminA, a), calls(adminB, b)};
                long t0 = System.nanoTime();
                double two = throughput(List.of(a, b), KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A));
                await().pollDelay(WINDOW).atMost(WINDOW.plusSeconds(1)).until(() -> true);
                double minutes = (System.nanoTime() - t0) / 60e9;
                double slurmTwoA = (calls(adminA, a) - before[0]) / minutes;
                double slurmTwoB = (calls(adminB, b) - before[1]) / minutes;

                report.add("(machine: " + Runtime.getRuntime().availableProcessors() + " cores; clusters c1, c2;"
                        + " poll and health intervals 1 s; " + CLIENTS + " clients, " + SECONDS + " s per run)");
                report.add("");
                report.add("## Several replicas on one PostgreSQL");
                report.add("");
                report.add(
                        "| replicas | REST reads/s (GET /api/runs, bearer) | ratio | slurmrestd calls/min, replica A |"
                                + " replica B | total |");
                report.add("|---:|---:|---:|---:|---:|---:|");
                report.add(String.format("| 1 | %,.0f | 1.00 | %,.0f | - | %,.0f |", one, slurmOne[0], slurmOne[0]));
                report.add(String.format(
                        "| 2 | %,.0f | %.2f | %,.0f | %,.0f | %,.0f |",
                        two, two / one, slurmTwoA, slurmTwoB, slurmTwoA + slurmTwoB));
                String text = String.join("\n", report);
                System.out.println("\n" + text + "\n");
                Files.createDirectories(Path.of("target/bench"));
                Files.writeString(Path.of("target/bench/replicas.md"), text + "\n");
            }
        }
    }

    /** The replicas' arguments without the API rate limit in the way. */
    private static List<String> fast(List<String> args) {
        return args.stream()
                .map(a -> a.startsWith("--federa.api.requests-per-period=")
                        ? "--federa.api.requests-per-period=100000000"
                        : a)
                .toList();
    }

    private static long calls(Page admin, PortalProcess portal) {
        return ReplicasIT.slurmCalls(admin, portal, "c1") + ReplicasIT.slurmCalls(admin, portal, "c2");
    }

    /** Calls per minute over {@link #WINDOW} with nothing else running. */
    private static double[] callsPerMinute(Page admin, PortalProcess portal) {
        long before = calls(admin, portal);
        long t0 = System.nanoTime();
        await().pollDelay(WINDOW).atMost(WINDOW.plusSeconds(1)).until(() -> true);
        return new double[] {(calls(admin, portal) - before) / ((System.nanoTime() - t0) / 60e9)};
    }

    /** Requests per second, the clients spread over {@code portals} round robin. */
    private static double throughput(List<PortalProcess> portals, String token) throws InterruptedException {
        var done = new AtomicLong();
        var failed = new AtomicLong();
        try (var http = HttpClient.newHttpClient()) {
            // warm up each replica
            for (PortalProcess p : portals) {
                for (int i = 0; i < 200; i++) {
                    get(http, p, token);
                }
            }
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                PortalProcess p = portals.get(c % portals.size());
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        if (get(http, p, token)) {
                            done.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        if (failed.get() > 0) {
            System.out.println("replicas bench: " + failed.get() + " requests failed");
        }
        return done.get() / (double) SECONDS;
    }

    private static boolean get(HttpClient http, PortalProcess portal, String token) {
        try {
            var r = http.send(
                    HttpRequest.newBuilder(URI.create(portal.url() + "/api/runs"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
