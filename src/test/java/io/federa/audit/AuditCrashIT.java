package io.federa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.support.KeycloakTokens;
import io.federa.support.RealServices;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The portal is killed (SIGKILL, a real process of its own) after a change committed and before its
 * audit listener ran; after a restart the entry is in the log, exactly once. The change is a script's
 * first call with a token (a login, which is audited); the listener is held up by taking the
 * appender's advisory lock from outside, so the kill lands in exactly that window.
 */
class AuditCrashIT {

    static final String SA = "service-account-" + KeycloakTokens.TEAM_A;

    static EmbeddedPostgres postgres;
    static JdbcTemplate db;

    @BeforeAll
    static void database() throws IOException {
        RealServices.requireKeycloak();
        postgres = EmbeddedPostgres.builder().start();
        db = new JdbcTemplate(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void an_event_committed_before_the_portal_was_killed_is_recorded_once_after_the_restart() throws Exception {
        Process first = startPortal("first");
        int port1 = portOf(first);
        try (Connection lock = postgres.getPostgresDatabase().getConnection()) {
            try (var st = lock.createStatement()) {
                st.execute("select pg_advisory_lock(70418160)"); // the appender's lock: its listener will wait
            }
            var response = get(port1, "/api/runs", KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            // committed: the person and the pending publication are there; the listener waits for the lock
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count("select count(*) from people where username = ?", SA) == 1);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count(
                                    "select count(*) from event_publication where completion_date is null"
                                            + " and event_type = ?",
                                    "io.federa.identity.UserLoggedIn")
                            == 1);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count(
                                    "select count(*) from pg_locks where locktype = 'advisory' and not granted and objid = ?",
                                    70418160)
                            >= 1);

            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful anything
            assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        // the lock is released; the dead portal's waiting transaction cannot commit
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> count("select count(*) from audit_entries where action = 'login' and resource_id = ?", SA)
                        == 0);

        Process second = startPortal("second");
        try {
            portOf(second);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            count("select count(*) from audit_entries where action = 'login' and resource_id = ?", SA)
                                    >= 1);
            // exactly once, and the publication is complete
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            count("select count(*) from audit_entries where action = 'login' and resource_id = ?", SA)
                                    == 1);
            assertThat(count(
                            "select count(*) from event_publication where completion_date is null and event_type = ?",
                            "io.federa.identity.UserLoggedIn"))
                    .isZero();
            assertThat(db.queryForObject(
                            "select actor from audit_entries where action = 'login' and resource_id = ?",
                            String.class,
                            SA))
                    .isEqualTo(KeycloakTokens.TEAM_A);
        } finally {
            second.destroy();
            second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    static long count(String sql, Object arg) {
        Long n = db.queryForObject(sql, Long.class, arg);
        return n == null ? 0 : n;
    }

    /** The portal as a child JVM on the test's own database and a free port; output in target/. */
    static Process startPortal(String name) throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target/crash-" + name + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx640m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.federa.FederaApplication",
                "--spring.profiles.active=demo",
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--federa.data-dir=target/crash-data",
                "--federa.directory.enabled=false",
                "--federa.scheduling.enabled=false",
                "--federa.keycloak.url=" + RealServices.KEYCLOAK_URL));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        PORTS.put(p, port);
        return p;
    }

    static final java.util.Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits (up to 3 min on a loaded machine) until the child answers its health check. */
    static int portOf(Process p) {
        int port = PORTS.get(p);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the portal exited: see target/crash-*.log");
                    }
                    try {
                        return get(port, "/actuator/health", null).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return port;
    }

    static HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
