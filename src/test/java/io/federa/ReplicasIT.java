package io.federa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.Cookie;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.PortalProcess;
import io.federa.support.PortalRuns;
import io.federa.support.SlurmTestClusters;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two portal replicas (processes of their own) on ONE PostgreSQL, the real c1 and c2 and the real
 * Keycloak (ADR 29): only the leader calls Slurm; a run sent on one shows live on a page open on the
 * other; 50 submissions split across both against a quota of 10 let exactly 10 in; and when the leader
 * is killed with SIGKILL the other takes the polling over within the lock's time to live and sees the
 * job end that happened meanwhile. The kill comes last (the methods run in order).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final Duration START = Duration.ofMinutes(4); // a loaded 2-core machine
    static final Duration LOCK_TTL = Duration.ofSeconds(5);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final String LEADS = "leads the periodic work";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;
    static EmbeddedPostgres postgres;
    static JdbcTemplate db;
    static Path tmp;
    static PortalProcess a;
    static PortalProcess b;

    @BeforeAll
    static void twoReplicasOnOneDatabase() throws IOException {
        slurm = SlurmTestClusters.require();
        postgres = EmbeddedPostgres.builder().start();
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        tmp = Files.createTempDirectory("federa-replicas");
        String secretsKey = secretsKey();

        // A sets the demo stack up (c1 and c2) and leads; B is a second replica of that installation
        String url = postgres.getJdbcUrl("postgres", "postgres");
        a = new PortalProcess(
                tmp.resolve("a"),
                freePort(),
                args(url, tmp, secretsKey, demoEnv(tmp).toString()));
        b = new PortalProcess(tmp.resolve("b"), freePort(), args(url, tmp, secretsKey, ""));
        a.start();
        a.awaitReady(START);
        await().atMost(Duration.ofMinutes(2)).until(() -> a.log().contains(LEADS));
        awaitDemoStack(a);
        b.start();
        b.awaitReady(START);
    }

    @AfterAll
    static void stop() throws IOException {
        for (PortalProcess p : new PortalProcess[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void each_cluster_is_polled_by_the_leading_replica_only_and_the_other_makes_no_slurm_calls() {
        assertThat(a.log()).contains(LEADS);
        assertThat(b.log()).doesNotContain(LEADS);
        Page adminA = logIn(a, "carol");
        Page adminB = logIn(b, "carol");
        Map<String, Long> a0 = Map.of("c1", slurmCalls(adminA, a, "c1"), "c2", slurmCalls(adminA, a, "c2"));
        Map<String, Long> b0 = Map.of("c1", slurmCalls(adminB, b, "c1"), "c2", slurmCalls(adminB, b, "c2"));
        long t0 = System.nanoTime();

        await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);

        double minutes = (System.nanoTime() - t0) / 60e9;
        for (String cluster : List.of("c1", "c2")) {
            long byA = slurmCalls(adminA, a, cluster) - a0.get(cluster);
            long byB = slurmCalls(adminB, b, cluster) - b0.get(cluster);
            System.out.printf(
                    "replicas: %s polled by A %.0f calls/min, by B %.0f calls/min%n",
                    cluster, byA / minutes, byB / minutes);
            assertThat(byA).as("calls to %s by the leader", cluster).isPositive();
            assertThat(byB).as("calls to %s by the other replica", cluster).isZero();
        }
        adminA.context().close();
        adminB.context().close();
    }

    @Test
    @Order(2)
    void a_run_submitted_on_one_replica_shows_live_on_a_page_open_on_the_other() {
        Page onB = logIn(b, "alice");
        onB.navigate(b.url() + "/runs");
        PlaywrightAssertions.assertThat(onB.locator("#runs-grid")).isVisible();
        Page onA = logIn(a, "alice");

        String runId = PortalRuns.submit(onA, a, "#!/bin/bash\n#SBATCH -J replicas-live\necho live\n");

        // no reload: only the update relayed from A refreshes B's grid
        PlaywrightAssertions.assertThat(onB.locator("#runs-grid [data-run='" + runId + "']"))
                .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                        .setTimeout(30_000));
        await().atMost(Duration.ofMinutes(1)).until(() -> PortalRuns.isFinal(PortalRuns.state(onA, a, runId)));
        onA.context().close();
        onB.context().close();
    }

    @Test
    @Order(3)
    void fifty_submissions_split_across_both_replicas_against_a_quota_of_ten_accept_exactly_ten() throws Exception {
        await().atMost(Duration.ofMinutes(1)).until(() -> activeReservations() == 0);
        Map<String, Object> demoQuota =
                db.queryForMap("select * from team_quotas where team = 'team-a' and cluster_name = 'c1'");
        db.update("""
                insert into team_quotas (team, cluster_name, max_jobs, updated_at) values ('team-a', 'c1', 10, now())
                on conflict (team, cluster_name) do update set max_jobs = 10, max_cpus = null, max_gpus = null,
                    cpu_hours_per_month = null, gpu_hours_per_month = null""");
        Page onA = logIn(a, "alice");
        Page onB = logIn(b, "alice");
        var sessions = List.of(Session.of(onA, a), Session.of(onB, b));
        String script = "#!/bin/bash\n#SBATCH -J replicas-race\nsleep 60\n";
        try (var http = HttpClient.newHttpClient();
                var pool = Executors.newFixedThreadPool(50)) {
            var start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Session s = sessions.get(i % 2);
                all.add(pool.submit(() -> {
                    start.await();
                    return http.send(
                            s.post("/api/runs", PortalRuns.submission(script)), HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (var f : all) {
                answers.add(f.get());
            }
            Map<Integer, Long> byStatus =
                    answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
            System.out.println("replicas: 50 submissions across both replicas, quota 10: " + byStatus);
            assertThat(byStatus.get(201)).as("accepted, of %s", byStatus).isEqualTo(10);
            assertThat(answers)
                    .filteredOn(r -> r.statusCode() != 201)
                    .allSatisfy(r -> assertThat(r.body()).containsIgnoringCase("quota"));
            assertThat(activeReservations()).isEqualTo(10);
        } finally {
            cancelJobsNamed("replicas-race.");
            // as it was (the portal's QOS push then has nothing to put back in Slurm)
            db.update(
                    "update team_quotas set max_jobs = ?, max_cpus = ?, max_gpus = ?, cpu_hours_per_month = ?,"
                            + " gpu_hours_per_month = ? where team = 'team-a' and cluster_name = 'c1'",
                    demoQuota.get("max_jobs"),
                    demoQuota.get("max_cpus"),
                    demoQuota.get("max_gpus"),
                    demoQuota.get("cpu_hours_per_month"),
                    demoQuota.get("gpu_hours_per_month"));
            onA.context().close();
            onB.context().close();
        }
    }

    @Test
    @Order(4)
    void when_the_leader_is_killed_the_other_replica_takes_the_polling_over_within_the_lock_ttl_and_loses_no_job_end() {
        Page alice = logIn(b, "alice");
        Page admin = logIn(b, "carol");
        // the job ends about 6 s after it starts: while nobody polls
        String runId = PortalRuns.submit(alice, b, "#!/bin/bash\n#SBATCH -J replicas-failover\nsleep 6\necho done\n");
        await().atMost(Duration.ofMinutes(3)) // c1 has 2 CPUs, shared with other tests
                .pollInterval(Duration.ofMillis(200))
                .until(() -> PortalRuns.state(alice, b, runId), s -> s.equals("RUNNING") || PortalRuns.isFinal(s));
        assertThat(PortalRuns.state(alice, b, runId)).isEqualTo("RUNNING");
        long callsBefore = slurmCalls(admin, b, "c1");

        a.kill();
        long killed = System.nanoTime();
        await().atMost(LOCK_TTL.plus(HEARTBEAT.multipliedBy(2)).plusSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> b.log().contains(LEADS));
        Duration lead = Duration.ofNanos(System.nanoTime() - killed);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> slurmCalls(admin, b, "c1") > callsBefore);
        Duration polling = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "replicas: fail-over after SIGKILL (lock TTL %d s): leader in %d ms, first c1 call in %d ms%n",
                LOCK_TTL.toSeconds(), lead.toMillis(), polling.toMillis());
        assertThat(lead).isLessThanOrEqualTo(LOCK_TTL.plus(HEARTBEAT.multipliedBy(2)));
        assertThat(polling)
                .isLessThanOrEqualTo(LOCK_TTL.plus(HEARTBEAT.multipliedBy(2)).plusSeconds(2));

        PortalRuns.awaitCompleted(alice, b, runId, Duration.ofMinutes(1));
        alice.context().close();
        admin.context().close();
        cancelJobsNamed("replicas-failover.");
    }

    // --- the two portals ---

    /** One key for all replicas: each decrypts the cluster credentials the others stored. */
    static String secretsKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A replica's arguments: the shared database, secrets key and artifacts; {@code demoEnv} blank on all but one. */
    static List<String> args(String jdbcUrl, Path tmp, String secretsKey, String demoEnv) {
        return List.of(
                "--spring.profiles.active=demo",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--federa.secrets.key=" + secretsKey,
                "--federa.runs.artifacts.dir=" + tmp.resolve("artifacts"),
                "--federa.demo.slurm-env=" + demoEnv,
                "--federa.submission.working-directory="
                        + SlurmTestClusters.require().jobDir(),
                "--federa.mirror.poll-interval=1s",
                "--federa.clusters.health-interval=1s",
                "--federa.submission.reconcile-interval=1s",
                "--federa.directory.enabled=false",
                "--federa.demo.retry-interval=3s",
                "--federa.api.requests-per-period=1000",
                // the race changes team-a's quota in the database for a moment: no QOS push into the shared c1
                "--federa.quota.qos-sync-interval=1h",
                "--federa.replicas.lock-ttl=" + LOCK_TTL.toSeconds() + "s",
                "--federa.replicas.heartbeat=" + HEARTBEAT.toSeconds() + "s",
                "--logging.level.io.federa=info");
    }

    /** clusters.env of the local clusters, naming c1 and c2. */
    static Path demoEnv(Path tmp) throws IOException {
        var env = new Properties();
        try (var in = Files.newBufferedReader(SlurmTestClusters.ENV)) {
            env.load(in);
        }
        env.setProperty("SLURM_CLUSTERS", "c1,c2");
        Path file = tmp.resolve("clusters.env");
        try (var out = Files.newBufferedWriter(file)) {
            env.store(out, "ReplicasIT");
        }
        return file;
    }

    static void awaitDemoStack(PortalProcess portal) {
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> portal.log().contains("demo: the demo stack is ready"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "the demo stack was not ready after 3 minutes; the portal's log ends:\n" + portal.tail(80), e);
        }
    }

    /** Cancels this test's jobs on c1 (the portal names a run's job {@code <name>.<run id>}). */
    static void cancelJobsNamed(String prefix) {
        List<String> ids = java.util.Arrays.stream(
                        slurm.run("c1", List.of("squeue", "-h", "-o", "%i|%j")).split("\n"))
                .filter(l -> l.contains("|" + prefix))
                .map(l -> l.substring(0, l.indexOf('|')).trim())
                .toList();
        if (!ids.isEmpty()) {
            var command = new ArrayList<>(List.of("scancel"));
            command.addAll(ids);
            slurm.run("c1", command);
        }
    }

    static long activeReservations() {
        Long n = db.queryForObject(
                "select count(*) from quota_reservations where team = 'team-a' and cluster_name = 'c1'"
                        + " and released_at is null",
                Long.class);
        return n == null ? 0 : n;
    }

    // --- browser sessions and REST ---

    static Page logIn(PortalProcess portal, String user) {
        return logIn(browser, portal, user);
    }

    static Page logIn(BrowserExtension browser, PortalProcess portal, String user) {
        Page page = browser.newPage();
        Browser.logIn(page, portal.url(), user);
        return page;
    }

    /** slurmrestd calls this replica made to {@code cluster} since it started (its Micrometer timer). */
    static long slurmCalls(Page admin, PortalProcess portal, String cluster) {
        APIResponse r =
                admin.request().get(portal.url() + "/actuator/metrics/federa.slurm.requests?tag=cluster:" + cluster);
        if (r.status() == 404) {
            return 0; // no call yet: the meter does not exist
        }
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        for (JsonNode m : JSON.readTree(r.text()).path("measurements")) {
            if (m.path("statistic").asString().equals("COUNT")) {
                return m.path("value").asLong();
            }
        }
        throw new AssertionError("no COUNT in " + r.text());
    }

    /** A logged-in browser session's cookie and CSRF token, for plain HTTP calls from many threads. */
    record Session(String base, String cookie, String csrfHeader, String csrfToken) {

        static Session of(Page page, PortalProcess portal) {
            JsonNode csrf =
                    JSON.readTree(page.request().get(portal.url() + "/api/csrf").text());
            String cookie = page.context().cookies(portal.url()).stream()
                    .map((Cookie c) -> c.name + "=" + c.value)
                    .collect(Collectors.joining("; "));
            return new Session(
                    portal.url(),
                    cookie,
                    csrf.path("headerName").asString(),
                    csrf.path("token").asString());
        }

        HttpRequest post(String path, String json) {
            return HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Cookie", cookie)
                    .header(csrfHeader, csrfToken)
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
