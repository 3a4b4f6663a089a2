package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmException;
import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounting flows of the client against a fake 22.05 slurmrestd answering recorded bodies. */
class SlurmAccountingClientTest {

    private static final String NOTHING_FOUND =
            "{\"errors\":[{\"error_number\":9003,\"error\":\"Nothing found\",\"description\":\"Nothing found with query\"}]}";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Fake slurmrestd = new Fake();
    private SlurmRestClientFactory factory;

    @BeforeEach
    void setUp() {
        server.setDispatcher(slurmrestd);
        var properties = FastSlurmProperties.withReadTimeout(Duration.ofMillis(500));
        factory = new SlurmRestClientFactory(
                properties, List.of(new SlurmV0038Adapter()), new SimpleMeterRegistry(), Clock.systemUTC());
        slurmrestd.on("GET /openapi/v3", 404, "");
        slurmrestd.on("GET /slurm/v0.0.38/ping", 200, "{}");
        slurmrestd.on("GET /slurmdb/v0.0.38/clusters", 200, sample("slurmdb-clusters.response.json"));
        slurmrestd.on("GET /slurmdb/v0.0.38/accounts", 200, sample("slurmdb-accounts.response.json"));
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void creates_an_account_and_ignores_the_spurious_missing_user_error() {
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 500, NOTHING_FOUND);
        slurmrestd.on("POST /slurmdb/v0.0.38/accounts", 200, sample("slurmdb-accounts-create.response.json"));
        slurmrestd.on("POST /slurmdb/v0.0.38/associations", 500, sample("slurmdb-assoc-account-create.response.json"));
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 200, sample("slurmdb-assoc-team-x.response.json"));

        accounting().createAccount("team-x", "Team X", "demo", null, List.of(), null);

        assertThat(slurmrestd.seen())
                .containsSubsequence(
                        "GET /slurmdb/v0.0.38/associations?account=team-x&cluster=c1",
                        "POST /slurmdb/v0.0.38/accounts",
                        "POST /slurmdb/v0.0.38/associations",
                        "GET /slurmdb/v0.0.38/associations?account=team-x&cluster=c1");
    }

    @Test
    void a_real_error_is_not_ignored() {
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 500, NOTHING_FOUND);
        slurmrestd.on("POST /slurmdb/v0.0.38/accounts", 500, sample("slurmdb-accounts-create-nonadmin.response.json"));

        assertThatThrownBy(() -> accounting().createAccount("team-x", "Team X", "demo", null, List.of(), null))
                .isInstanceOfSatisfying(
                        SlurmException.class,
                        e -> assertThat(e.hasError(SlurmException.PERMISSION_DENIED))
                                .isTrue());
    }

    @Test
    void the_spurious_error_without_the_association_afterwards_is_an_error() {
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 500, NOTHING_FOUND);
        slurmrestd.on("POST /slurmdb/v0.0.38/accounts", 200, sample("slurmdb-accounts-create.response.json"));
        slurmrestd.on("POST /slurmdb/v0.0.38/associations", 500, sample("slurmdb-assoc-account-create.response.json"));
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 500, NOTHING_FOUND);

        assertThatThrownBy(() -> accounting().createAccount("team-x", "Team X", "demo", null, List.of(), null))
                .isInstanceOf(SlurmException.class)
                .hasMessageContaining("was not created");
    }

    @Test
    void an_existing_account_association_is_left_alone() {
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 200, sample("slurmdb-assoc-team-x.response.json"));

        accounting().createAccount("team-x", "Team X", "demo", null, List.of(), null);
        accounting().deleteUserAssociation("dave", "team-x"); // not there: nothing to delete

        assertThat(slurmrestd.seen()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE"));
    }

    @Test
    void nothing_found_reads_as_no_associations() {
        slurmrestd.on("GET /slurmdb/v0.0.38/associations", 500, NOTHING_FOUND);

        assertThat(accounting().associations()).isEmpty();
    }

    private SlurmAccounting accounting() {
        return factory.create(new ClusterConnection(
                        "c1",
                        server.url("/").uri(),
                        new ClusterConnection.JwtKey(
                                "test-signing-key-of-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII)),
                        "federa",
                        null))
                .accounting();
    }

    private static String sample(String name) {
        try {
            return new String(SlurmAccountingContractTest.resource("v0.0.38/slurmdb/" + name), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers per "METHOD path" from a queue; the last answer of a queue repeats. */
    private static final class Fake extends Dispatcher {

        private final Map<String, Queue<MockResponse>> answers = new HashMap<>();
        private final List<String> seen = new CopyOnWriteArrayList<>();

        synchronized void on(String request, int status, String body) {
            answers.computeIfAbsent(request, k -> new ArrayDeque<>())
                    .add(new MockResponse.Builder().code(status).body(body).build());
        }

        List<String> seen() {
            return seen;
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String query = request.getUrl().encodedQuery();
            if (query != null) { // order-free
                query = String.join("&", new java.util.TreeSet<>(List.of(query.split("&"))));
            }
            seen.add(request.getMethod() + " " + path + (query != null ? "?" + query : ""));
            Queue<MockResponse> queue = answers.get(request.getMethod() + " " + path);
            if (queue == null || queue.isEmpty()) {
                return new MockResponse.Builder().code(404).body("").build();
            }
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }
}
