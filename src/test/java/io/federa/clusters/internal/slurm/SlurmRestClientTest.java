package io.federa.clusters.internal.slurm;

import static io.federa.clusters.internal.slurm.SlurmErrorsTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.JobsSnapshot;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmException;
import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client against a fake slurmrestd: errors, time-outs, retries, circuit breaker, metrics, auth. */
class SlurmRestClientTest {

    private static final byte[] KEY = "test-signing-key-of-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-29T05:00:00Z");
    private static final JobSubmission SUBMISSION = new JobSubmission(
            "#!/bin/bash\ntrue", "t", "team-a", "debug", 1, 1, 5, "/tmp", null, "federa-run-1", Map.of());

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final FakeSlurmrestd slurmrestd = new FakeSlurmrestd();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JsonMapper json = JsonMapper.builder().build();
    private SlurmRestClientFactory factory;

    @BeforeEach
    void setUp() {
        server.setDispatcher(slurmrestd);
        var properties = FastSlurmProperties.withReadTimeout(Duration.ofMillis(300));
        factory = new SlurmRestClientFactory(
                properties, List.of(new SlurmV0038Adapter()), meters, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void errors_array_on_500_becomes_slurm_exception_with_error_numbers() throws IOException {
        slurmrestd.enqueue(500, sample("submit-over-quota.response.json"));

        assertThatThrownBy(() -> client().submit("alice", SUBMISSION))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.hasError(SlurmException.OVER_QUOTA)).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.cluster()).isEqualTo("c1");
                    assertThat(e.getMessage()).contains("Job violates accounting/QOS policy");
                });
    }

    @Test
    void errors_array_on_200_is_a_refusal_too() {
        slurmrestd.enqueue(
                200, "{\"errors\":[{\"error_number\":2002,\"error\":\"Access/permission denied\"}]}".getBytes());

        assertThatThrownBy(() -> client().cancel("alice", 3))
                .isInstanceOfSatisfying(
                        SlurmException.class,
                        e -> assertThat(e.hasError(SlurmException.PERMISSION_DENIED))
                                .isTrue());
    }

    @Test
    void a_slow_answer_times_out_as_cluster_unavailable_and_is_not_retried() {
        slurmrestd.enqueue(new MockResponse.Builder()
                .code(200)
                .body("{}")
                .headersDelay(1, TimeUnit.SECONDS)
                .build());

        assertThatThrownBy(() -> client().nodes())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("Cluster c1 is unavailable")
                .hasMessageContaining("timeout");
        assertThat(slurmrestd.count("/slurm/v0.0.38/nodes")).isEqualTo(1);
    }

    @Test
    void retries_a_read_that_got_503() throws IOException {
        slurmrestd.enqueue(503, new byte[0]);
        slurmrestd.enqueue(503, new byte[0]);
        slurmrestd.enqueue(200, sample("ping.response.json"));

        var ping = client().ping();

        assertThat(ping.controllerResponding()).isTrue();
        assertThat(ping.slurmRelease()).isEqualTo("22.05.8");
        assertThat(ping.apiVersion()).isEqualTo("v0.0.38");
        assertThat(slurmrestd.count("/slurm/v0.0.38/ping")).isEqualTo(3);
    }

    @Test
    void gives_up_a_read_after_three_attempts() {
        for (int i = 0; i < 5; i++) {
            slurmrestd.enqueue(503, new byte[0]);
        }

        assertThatThrownBy(() -> client().partitions())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(slurmrestd.count("/slurm/v0.0.38/partitions")).isEqualTo(3);
    }

    @Test
    void never_retries_a_submit() {
        slurmrestd.enqueue(503, new byte[0]);
        slurmrestd.enqueue(200, "{\"errors\":[],\"job_id\":7}".getBytes());

        assertThatThrownBy(() -> client().submit("alice", SUBMISSION)).isInstanceOf(ClusterUnavailableException.class);
        assertThat(slurmrestd.count("/slurm/v0.0.38/job/submit")).isEqualTo(1);
    }

    @Test
    void retries_a_read_on_connection_refused_and_tells_only_admins_where() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlurmClient client = factory.create(connection("c9", URI.create("http://127.0.0.1:" + closedPort), null));

        assertThatThrownBy(client::ping)
                .isInstanceOfSatisfying(
                        ClusterUnavailableException.class,
                        e -> assertThat(e.detail()).isEqualTo("connection refused at http://127.0.0.1:" + closedPort))
                .hasMessage("Cluster c9 is unavailable: connection refused");
        assertThat(meters.get("resilience4j.retry.calls")
                        .tag("name", "c9")
                        .tag("kind", "failed_with_retry")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void never_names_credentials_of_a_stored_url_in_what_it_says() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI stored = URI.create("http://federa:s3cret@127.0.0.1:" + closedPort + "/slurm?token=s3cret-too");
        SlurmClient client = factory.create(connection("c8", stored, null));

        assertThatThrownBy(client::ping).isInstanceOfSatisfying(ClusterUnavailableException.class, e -> {
            assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("127.0.0.1");
            assertThat(e.detail())
                    .contains("http://127.0.0.1:" + closedPort + "/slurm")
                    .doesNotContain("s3cret")
                    .doesNotContain("federa");
        });
    }

    @Test
    void circuit_opens_after_repeated_failures_and_then_fails_fast_without_a_request() {
        SlurmClient client = client();
        for (int i = 0; i < 10 && !breakerOpen("c1"); i++) {
            slurmrestd.enqueue(500, "<html>Internal Server Error</html>".getBytes());
            slurmrestd.enqueue(500, "<html>Internal Server Error</html>".getBytes());
            slurmrestd.enqueue(500, "<html>Internal Server Error</html>".getBytes());
            assertThatThrownBy(client::nodes).isInstanceOf(ClusterUnavailableException.class);
        }
        assertThat(breakerOpen("c1")).isTrue();
        int requests = server.getRequestCount();

        assertThatThrownBy(client::nodes)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("failed repeatedly")
                .hasMessageContaining("last failure: slurmrestd answered HTTP 500 without saying why");
        assertThat(server.getRequestCount()).isEqualTo(requests);
    }

    @Test
    void slurm_refusals_do_not_open_the_circuit() throws IOException {
        SlurmClient client = client();
        for (int i = 0; i < 12; i++) {
            slurmrestd.enqueue(500, sample("submit-wrong-account.response.json"));
            assertThatThrownBy(() -> client.submit("alice", SUBMISSION))
                    .isInstanceOfSatisfying(
                            SlurmException.class,
                            e -> assertThat(e.hasError(SlurmException.INVALID_ACCOUNT))
                                    .isTrue());
        }
        assertThat(breakerOpen("c1")).isFalse();
    }

    @Test
    void records_a_timer_per_cluster_endpoint_and_outcome() throws IOException {
        SlurmClient client = client();
        slurmrestd.enqueue(200, sample("ping.response.json"));
        client.ping();
        slurmrestd.enqueue(500, sample("submit-wrong-account.response.json"));
        assertThatThrownBy(() -> client.submit("alice", SUBMISSION)).isInstanceOf(SlurmException.class);
        slurmrestd.enqueue(200, sample("job-get-completed.response.json"));
        client.job(2);
        slurmrestd.enqueue(401, "Authentication failure".getBytes());
        assertThatThrownBy(() -> client.job(2)).isInstanceOf(ClusterUnavailableException.class);

        assertThat(timerCount("/slurm/{v}/ping", "GET", "success")).isEqualTo(1);
        assertThat(timerCount("/openapi/v3", "GET", "success")).isEqualTo(1);
        assertThat(timerCount("/slurm/{v}/job/submit", "POST", "slurm_error")).isEqualTo(1);
        assertThat(timerCount("/slurm/{v}/job/{job_id}", "GET", "success")).isEqualTo(1);
        assertThat(timerCount("/slurm/{v}/job/{job_id}", "GET", "unavailable")).isEqualTo(1);
        assertThat(meters.find("federa.slurm.requests")
                        .tag("endpoint", "/slurm/v0.0.38/job/2")
                        .timers())
                .as("no raw paths with ids as tags")
                .isEmpty();
        assertThat(meters.find("resilience4j.circuitbreaker.state")
                        .tag("name", "c1")
                        .gauges())
                .isNotEmpty();
    }

    @Test
    void sends_a_jwt_for_the_acting_user_that_verifies_with_the_key() throws Exception {
        slurmrestd.enqueue(200, sample("submit-hello.response.json"));

        var result = client().submit("alice", SUBMISSION);

        assertThat(result.jobId()).isEqualTo(2);
        RecordedRequest openApi = slurmrestd.requests.getFirst();
        assertThat(openApi.getHeaders().get("X-SLURM-USER-NAME")).isEqualTo("federa");
        assertThat(claims(openApi).path("sun").asString()).isEqualTo("federa");
        RecordedRequest submit = slurmrestd.requests.getLast();
        assertThat(submit.getHeaders().get("X-SLURM-USER-NAME")).isEqualTo("alice");
        JsonNode claims = claims(submit);
        assertThat(claims.path("sun").asString()).isEqualTo("alice");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 300);
        assertThat(json.readTree(submit.getBody().toByteArray())
                        .path("job")
                        .path("environment")
                        .path("PATH")
                        .asString())
                .isEqualTo("/usr/bin:/bin");
    }

    @Test
    void static_token_mode_sends_the_token_and_acts_only_as_its_user() throws IOException {
        SlurmClient client = factory.create(new ClusterConnection(
                "c1", uri(), new ClusterConnection.StaticToken("fixed-token-123"), "federa", null));
        slurmrestd.enqueue(200, sample("ping.response.json"));

        client.ping();

        assertThat(slurmrestd.requests)
                .allSatisfy(r ->
                        assertThat(r.getHeaders().get("X-SLURM-USER-TOKEN")).isEqualTo("fixed-token-123"));
        int requests = server.getRequestCount();
        assertThatThrownBy(() -> client.submit("alice", SUBMISSION))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("fixed token for Slurm user federa and cannot act as alice");
        assertThat(server.getRequestCount()).isEqualTo(requests);
    }

    @Test
    void words_a_token_signed_with_the_wrong_key_as_an_authentication_problem() throws IOException {
        slurmrestd.enqueue(500, sample("ping-wrong-key.response.json"));

        assertThatThrownBy(() -> client().ping())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("authentication rejected: check the cluster's JWT key or token");
        assertThat(slurmrestd.count("/slurm/v0.0.38/ping")).as("not retried").isEqualTo(1);
    }

    @Test
    void words_http_401_as_an_authentication_problem() {
        slurmrestd.openApiStatus = 401;

        assertThatThrownBy(() -> client().ping())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("authentication rejected");
    }

    @Test
    void an_unknown_job_is_empty_in_controller_and_accounting() throws IOException {
        SlurmClient client = client();
        slurmrestd.enqueue(500, sample("job-unknown.response.json"));
        slurmrestd.enqueue(200, sample("slurmdb-job-unknown.response.json"));

        assertThat(client.job(999999)).isEmpty();
        assertThat(client.accountingJob(999999)).isEmpty();
    }

    @Test
    void jobs_since_sends_update_time_and_takes_as_of_from_the_request_start_minus_margin() throws Exception {
        SlurmClient client = client();
        slurmrestd.enqueue(200, sample("jobs-list.response.json"));
        slurmrestd.enqueue(304, new byte[0]);

        JsonsSnapshotPair pair = new JsonsSnapshotPair(client.jobs(null), client.jobs(NOW.minusSeconds(60)));

        assertThat(pair.first().jobs()).hasSize(2);
        assertThat(pair.first().asOf()).isEqualTo(NOW.minusSeconds(5));
        assertThat(pair.second().jobs()).as("304 Not Modified").isEmpty();
        assertThat(pair.second().asOf()).isEqualTo(NOW.minusSeconds(5));
        RecordedRequest since = slurmrestd.requests.getLast();
        assertThat(since.getUrl().queryParameter("update_time")).isEqualTo(Long.toString(NOW.getEpochSecond() - 60));
    }

    @Test
    void refuses_a_pinned_version_the_cluster_does_not_offer() {
        SlurmClient client = factory.create(connection("c1", uri(), "v0.0.40"));

        assertThatThrownBy(client::ping)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessage(
                        "Cluster c1 is unavailable: API version v0.0.40 is pinned but the cluster offers only v0.0.38");
    }

    @Test
    void says_so_when_the_cluster_offers_no_version_the_portal_speaks() {
        slurmrestd.openApi = "{\"paths\":{\"/slurm/v0.0.41/ping\":{},\"/slurm/v0.0.40/ping\":{}}}".getBytes();

        assertThatThrownBy(() -> client().ping())
                .hasMessage("Cluster c1 is unavailable: it offers API versions v0.0.41, v0.0.40 "
                        + "but the portal speaks only v0.0.38");
    }

    @Test
    void probes_ping_paths_when_the_cluster_serves_no_openapi_document() throws IOException {
        slurmrestd.openApiStatus = 404;
        slurmrestd.enqueue(200, sample("ping.response.json"));
        slurmrestd.enqueue(200, sample("ping.response.json"));

        assertThat(client().ping().apiVersion()).isEqualTo("v0.0.38");
    }

    @Test
    void discovers_the_version_once_and_again_after_the_cluster_was_unavailable() throws IOException {
        SlurmClient client = client();
        slurmrestd.enqueue(200, sample("ping.response.json"));
        slurmrestd.enqueue(200, sample("ping.response.json"));
        client.ping();
        client.ping();
        assertThat(slurmrestd.count("/openapi/v3")).isEqualTo(1);

        slurmrestd.enqueue(401, new byte[0]);
        assertThatThrownBy(client::ping).isInstanceOf(ClusterUnavailableException.class);
        slurmrestd.enqueue(200, sample("ping.response.json"));
        client.ping();

        assertThat(slurmrestd.count("/openapi/v3")).isEqualTo(2);
    }

    @Test
    void never_shows_secrets_in_to_string() {
        var jwt = new ClusterConnection.JwtKey(KEY);
        var token = new ClusterConnection.StaticToken("s3cr3t-token");
        var connection = new ClusterConnection("c1", uri(), token, "federa", null);

        assertThat(jwt.toString()).doesNotContain(new String(KEY, StandardCharsets.US_ASCII));
        assertThat(connection.toString()).doesNotContain("s3cr3t-token");
        assertThat(new ClusterConnection("c1", uri(), jwt, "federa", null).toString())
                .doesNotContain("test-signing-key");
    }

    private record JsonsSnapshotPair(JobsSnapshot first, JobsSnapshot second) {}

    private SlurmClient client() {
        return factory.create(connection("c1", uri(), null));
    }

    private URI uri() {
        return server.url("/").uri();
    }

    private static ClusterConnection connection(String name, URI url, @Nullable String pinned) {
        return new ClusterConnection(name, url, new ClusterConnection.JwtKey(KEY), "federa", pinned);
    }

    private boolean breakerOpen(String cluster) {
        var gauge = meters.find("resilience4j.circuitbreaker.state")
                .tag("name", cluster)
                .tag("state", "open")
                .gauge();
        return gauge != null && gauge.value() == 1.0;
    }

    private long timerCount(String endpoint, String method, String outcome) {
        var timer = meters.find("federa.slurm.requests")
                .tag("cluster", "c1")
                .tag("endpoint", endpoint)
                .tag("method", method)
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private JsonNode claims(RecordedRequest request) throws Exception {
        String token = request.getHeaders().get("X-SLURM-USER-TOKEN");
        assertThat(token).isNotNull();
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2]))
                .as("HS256 signature")
                .isEqualTo(expected);
        assertThat(json.readTree(Base64.getUrlDecoder().decode(parts[0]))
                        .path("alg")
                        .asString())
                .isEqualTo("HS256");
        return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** Serves the recorded OpenAPI document; everything else from a queue (500 when it is empty). */
    private static final class FakeSlurmrestd extends Dispatcher {

        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        private final ConcurrentLinkedQueue<MockResponse> queue = new ConcurrentLinkedQueue<>();
        volatile byte[] openApi;
        volatile int openApiStatus = 200;

        FakeSlurmrestd() {
            try {
                openApi = sample("openapi-v3.json");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void enqueue(int status, byte[] body) {
            enqueue(new MockResponse.Builder()
                    .code(status)
                    .body(new String(body, StandardCharsets.UTF_8))
                    .build());
        }

        void enqueue(MockResponse response) {
            queue.add(response);
        }

        long count(String path) {
            return requests.stream()
                    .filter(r -> r.getUrl().encodedPath().equals(path))
                    .count();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            if (request.getUrl().encodedPath().equals("/openapi/v3")) {
                return new MockResponse.Builder()
                        .code(openApiStatus)
                        .body(openApiStatus == 200 ? new String(openApi, StandardCharsets.UTF_8) : "")
                        .build();
            }
            MockResponse next = queue.poll();
            return next != null
                    ? next
                    : new MockResponse.Builder()
                            .code(500)
                            .body("nothing queued")
                            .build();
        }
    }
}
