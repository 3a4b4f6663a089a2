package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.ClusterPing;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmException;
import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.federa.clusters.internal.slurm.v0040plus.SlurmV0040PlusAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client with every adapter against a fake slurmrestd that answers as 22.05, 24.11 and 26.05 did
 * (recorded answers): version discovery, refusals at 500 and 422, refusals only in {@code status[]},
 * rejected tokens (511).
 */
class NewerSlurmRestClientTest {

    private static final byte[] KEY = "test-signing-key-of-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-29T05:00:00Z");
    private static final JobSubmission SUBMISSION = new JobSubmission(
            "#!/bin/bash\ntrue", "t", "team-a", "debug", 1, 1, 5, "/tmp", null, "federa-run-1", Map.of());

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final FakeSlurmrestd slurmrestd = new FakeSlurmrestd();
    private final JsonMapper json = JsonMapper.builder().build();
    private SlurmRestClientFactory factory;

    @BeforeEach
    void setUp() {
        server.setDispatcher(slurmrestd);
        var properties = FastSlurmProperties.withReadTimeout(Duration.ofMillis(500));
        var adapters = new ArrayList<SlurmApiAdapter>();
        adapters.add(new SlurmV0038Adapter());
        adapters.addAll(SlurmV0040PlusAdapter.all());
        factory = new SlurmRestClientFactory(
                properties, adapters, new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    // discovery

    @Test
    void picks_v0038_on_slurm_22_05() throws IOException {
        slurmrestd.openApi = resource("/slurm/v0.0.38/openapi-v3.json");
        slurmrestd.answer("/slurm/v0.0.38/ping", 200, resource("/slurm/v0.0.38/ping.response.json"));

        ClusterPing ping = client(null).ping();

        assertThat(ping.apiVersion()).isEqualTo("v0.0.38");
        assertThat(ping.slurmRelease()).isEqualTo("22.05.8");
    }

    @Test
    void picks_v0042_on_slurm_24_11() throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3.24.11.5.paths.json");
        slurmrestd.answer("/slurm/v0.0.42/ping", 200, resource("/slurm/v0.0.42/24.11.5/ping.json"));

        ClusterPing ping = client(null).ping();

        assertThat(ping.apiVersion()).isEqualTo("v0.0.42");
        assertThat(ping.slurmRelease()).isEqualTo("24.11.5");
        assertThat(ping.controllerResponding()).isTrue();
    }

    @Test
    void picks_v0045_on_slurm_26_05() throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3.26.05.5.paths.json");
        slurmrestd.answer("/slurm/v0.0.45/ping", 200, resource("/slurm/v0.0.45/26.05.5/ping.json"));

        ClusterPing ping = client(null).ping();

        assertThat(ping.apiVersion()).isEqualTo("v0.0.45");
        assertThat(ping.slurmRelease()).isEqualTo("26.05.5");
        assertThat(ping.controllerResponding()).isTrue();
    }

    /** SLURM_NEW_DATA_PARSERS=v0.0.43: slurmrestd lists only the paths of the plugins it loaded. */
    @Test
    void picks_v0043_on_slurm_26_05_limited_to_it() throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3.26.05.5-v0.0.43-only.paths.json");
        slurmrestd.answer("/slurm/v0.0.43/ping", 200, resource("/slurm/v0.0.43/26.05.5/ping.json"));

        ClusterPing ping = client(null).ping();

        assertThat(ping.apiVersion()).isEqualTo("v0.0.43");
        assertThat(ping.slurmRelease()).isEqualTo("26.05.5");
    }

    @Test
    void probes_ping_newest_first_without_an_openapi_document_and_picks_v0043() throws IOException {
        slurmrestd.openApiStatus = 404;
        byte[] unknown = resource("/slurm/discovery/ping-unknown-version.26.05.5.response.txt");
        slurmrestd.answer("/slurm/v0.0.45/ping", 404, unknown);
        slurmrestd.answer("/slurm/v0.0.44/ping", 404, unknown);
        slurmrestd.answer("/slurm/v0.0.43/ping", 200, resource("/slurm/v0.0.43/26.05.5/ping.json"));

        ClusterPing ping = client(null).ping();

        assertThat(ping.apiVersion()).isEqualTo("v0.0.43");
        assertThat(slurmrestd.paths())
                .containsSubsequence("/slurm/v0.0.45/ping", "/slurm/v0.0.44/ping", "/slurm/v0.0.43/ping")
                .doesNotContain("/slurm/v0.0.42/ping");
    }

    @Test
    void speaks_a_pinned_older_version_the_cluster_offers() throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3.26.05.5.paths.json");
        slurmrestd.answer("/slurm/v0.0.42/ping", 200, resource("/slurm/v0.0.42/26.05.5/ping.json"));

        assertThat(client("v0.0.42").ping().apiVersion()).isEqualTo("v0.0.42");
    }

    @Test
    void names_the_offered_versions_when_the_pinned_one_is_not_offered() throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3.24.11.5.paths.json");

        assertThatThrownBy(() -> client("v0.0.44").ping())
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessage("Cluster c3 is unavailable: API version v0.0.44 is pinned but the cluster offers only "
                        + "v0.0.42, v0.0.41, v0.0.40");
    }

    // answers of 24.11 (v0.0.42) and 26.05 (v0.0.45)

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void over_quota_is_a_refusal_at_the_status_each_release_uses(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        int status = recordedStatus(version, release, "submit-over-quota");
        slurmrestd.answer(
                "/slurm/" + version + "/job/submit",
                status,
                sample(version, release, "submit-over-quota.response.json"));

        assertThatThrownBy(() -> client.submit("alice", SUBMISSION)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.hasError(SlurmException.OVER_QUOTA)).isTrue();
            assertThat(e.httpStatus()).isEqualTo(release.equals("24.11.5") ? 500 : 422);
            assertThat(e.getMessage()).contains("Job violates accounting/QOS policy");
        });
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void an_invalid_account_is_a_refusal(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        slurmrestd.answer(
                "/slurm/" + version + "/job/submit",
                recordedStatus(version, release, "probe-bad-account"),
                sample(version, release, "probe-bad-account.response.json"));

        assertThatThrownBy(() -> client.submit("alice", SUBMISSION))
                .isInstanceOfSatisfying(
                        SlurmException.class,
                        e -> assertThat(e.hasError(SlurmException.INVALID_ACCOUNT))
                                .isTrue());
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void submits_and_hands_on_slurms_warnings(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        slurmrestd.answer(
                "/slurm/" + version + "/job/submit",
                200,
                sample(version, release, "probe-unknown-field.response.json"));

        var result = client.submit("alice", SUBMISSION);

        assertThat(result.jobId()).isPositive();
        assertThat(result.warnings()).singleElement().asString().contains("Ignoring unknown field");
        RecordedRequest sent = slurmrestd.last("/slurm/" + version + "/job/submit");
        assertThat(sent.getHeaders().get("X-SLURM-USER-NAME")).isEqualTo("alice");
        assertThat(json.readTree(sent.getBody().utf8())
                        .path("job")
                        .path("script")
                        .asString())
                .isEqualTo("#!/bin/bash\ntrue");
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void cancels_a_job(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        slurmrestd.answer("/slurm/" + version + "/job/75", 200, sample(version, release, "cancel.response.json"));

        client.cancel("alice", 75);

        assertThat(slurmrestd.last("/slurm/" + version + "/job/75").getMethod()).isEqualTo("DELETE");
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void cancelling_someone_elses_job_is_a_refusal_though_http_200(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        assertThat(recordedStatus(version, release, "cancel-other-user")).isEqualTo(200);
        slurmrestd.answer(
                "/slurm/" + version + "/job/75", 200, sample(version, release, "cancel-other-user.response.json"));

        assertThatThrownBy(() -> client.cancel("bob", 75)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.hasError(SlurmException.PERMISSION_DENIED)).isTrue();
            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.getMessage()).contains("Access/permission denied");
        });
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void a_rejected_token_makes_the_cluster_unavailable(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        assertThat(recordedStatus(version, release, "badtoken")).isEqualTo(511);
        slurmrestd.answer("/slurm/" + version + "/jobs", 511, sample(version, release, "badtoken.response.json"));

        assertThatThrownBy(() -> client.jobs(null))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("authentication rejected: check the cluster's JWT key or token");
        assertThat(slurmrestd.paths().stream().filter(p -> p.equals("/slurm/" + version + "/jobs")))
                .as("not retried")
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void reads_jobs_nodes_partitions_and_accounting(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        slurmrestd.answer("/slurm/" + version + "/jobs", 200, sample(version, release, "jobs.json"));
        slurmrestd.answer("/slurm/" + version + "/nodes", 200, sample(version, release, "nodes.json"));
        slurmrestd.answer("/slurm/" + version + "/partitions", 200, sample(version, release, "partitions.json"));
        long job = release.equals("24.11.5") ? 3 : 2;
        slurmrestd.answer("/slurmdb/" + version + "/job/" + job, 200, sample(version, release, "slurmdb-job.json"));

        assertThat(client.jobs(null).jobs()).isNotEmpty();
        assertThat(client.nodes())
                .singleElement()
                .satisfies(n -> assertThat(n.state()).isEqualTo("idle"));
        assertThat(client.partitions())
                .singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("debug"));
        assertThat(client.accountingJob(job))
                .hasValueSatisfying(j -> assertThat(j.name()).isEqualTo("hello"));
    }

    @ParameterizedTest(name = "{0} from Slurm {1}")
    @CsvSource({"v0.0.42, 24.11.5", "v0.0.45, 26.05.5"})
    void an_unknown_job_is_empty_in_controller_and_accounting(String version, String release) throws IOException {
        SlurmClient client = speaking(version, release);
        slurmrestd.answer(
                "/slurm/" + version + "/job/999999",
                recordedStatus(version, release, "job-unknown"),
                sample(version, release, "job-unknown.response.json"));
        slurmrestd.answer(
                "/slurmdb/" + version + "/job/999999",
                200,
                sample(version, release, "slurmdb-job-unknown.response.json"));

        assertThat(client.job(999999)).isEmpty();
        assertThat(client.accountingJob(999999)).isEmpty();
    }

    // helpers

    private SlurmClient speaking(String version, String release) throws IOException {
        slurmrestd.openApi = resource("/slurm/discovery/openapi-v3." + release + ".paths.json");
        return client(version);
    }

    private SlurmClient client(@Nullable String pinned) {
        return factory.create(new ClusterConnection(
                "c3", server.url("/").uri(), new ClusterConnection.JwtKey(KEY), "federa", pinned));
    }

    private static byte[] sample(String version, String release, String name) throws IOException {
        return resource("/slurm/" + version + "/" + release + "/" + name);
    }

    private static int recordedStatus(String version, String release, String name) throws IOException {
        Matcher m = Pattern.compile("HTTP (\\d{3})")
                .matcher(new String(sample(version, release, name + ".http.txt"), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = NewerSlurmRestClientTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Serves /openapi/v3 and fixed answers per path; 404 with slurmrestd's text for anything else. */
    private static final class FakeSlurmrestd extends Dispatcher {

        private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        private final Map<String, MockResponse> answers = new ConcurrentHashMap<>();
        volatile byte[] openApi = new byte[0];
        volatile int openApiStatus = 200;

        void answer(String path, int status, byte[] body) {
            answers.put(
                    path,
                    new MockResponse.Builder()
                            .code(status)
                            .body(new String(body, StandardCharsets.UTF_8))
                            .build());
        }

        List<String> paths() {
            return requests.stream().map(r -> r.getUrl().encodedPath()).toList();
        }

        RecordedRequest last(String path) {
            return requests.stream()
                    .filter(r -> r.getUrl().encodedPath().equals(path))
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String path = request.getUrl().encodedPath();
            if (path.equals("/openapi/v3")) {
                return new MockResponse.Builder()
                        .code(openApiStatus)
                        .body(openApiStatus == 200 ? new String(openApi, StandardCharsets.UTF_8) : "")
                        .build();
            }
            MockResponse answer = answers.get(path);
            return answer != null
                    ? answer
                    : new MockResponse.Builder()
                            .code(404)
                            .body("Unable to find requested URL endpoint.")
                            .build();
        }
    }
}
