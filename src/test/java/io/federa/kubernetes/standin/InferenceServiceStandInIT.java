package io.federa.kubernetes.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.support.KubernetesTestClusters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The InferenceService stand-in against the real API server k1, with real scikit-learn models fetched
 * over HTTP from a URL that needs its signature (as the portal's signed artifact links do): it
 * serves the model with the Open Inference Protocol v2 at {@code status.url} and reports Ready as
 * KServe would; a storageUri it cannot fetch, a file that is no model and a format it does not serve
 * give PredictorReady False with KServe's reason; a canary takes exactly its share of the requests
 * until it is promoted; deleting the InferenceService stops the model servers.
 */
class InferenceServiceStandInIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration READY_WITHIN = Duration.ofSeconds(150);
    static final String LABEL = "federa.io/standin-it";
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path models;

    static KubernetesTestClusters k8s;
    static KubernetesClient client;
    static InferenceServiceStandIn standIn;
    static StandInControllers controllers;
    static HttpServer storage;
    static String run;
    static String namespace;

    /** Two real models on the iris data: a logistic regression, and one that always answers 7. */
    @BeforeAll
    static void modelsAndStandIn() throws Exception {
        python("""
                import joblib
                from sklearn.datasets import load_iris
                from sklearn.dummy import DummyClassifier
                from sklearn.linear_model import LogisticRegression
                X, y = load_iris(return_X_y=True)
                joblib.dump(LogisticRegression(max_iter=1000).fit(X, y), "iris.joblib")
                joblib.dump(DummyClassifier(strategy="constant", constant=7).fit(X, [7] * len(y)), "sevens.joblib")
                """);
        Files.writeString(models.resolve("notes.joblib"), "these are notes, not a model\n");
        storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        storage.createContext("/artifacts/", exchange -> {
            try (exchange) {
                String file = exchange.getRequestURI().getPath().substring("/artifacts/".length());
                Path path = models.resolve(file).normalize();
                boolean signed = "sig=valid".equals(exchange.getRequestURI().getQuery());
                int status = !signed ? 403 : Files.isRegularFile(path) && path.startsWith(models) ? 200 : 404;
                byte[] body = status == 200 ? Files.readAllBytes(path) : new byte[0];
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        storage.start();

        k8s = KubernetesTestClusters.require();
        client = k8s.admin("k1");
        run = UUID.randomUUID().toString().substring(0, 8);
        namespace = "standin-" + run;
        standIn = new InferenceServiceStandIn();
        controllers = StandInControllers.start(client, LABEL + "=" + run, List.of(standIn));
    }

    @AfterAll
    static void stop() {
        if (k8s != null) {
            k8s.kubectl("k1", "delete", "inferenceservices", "-n", namespace, "-l", LABEL, "--wait=false");
        }
        if (controllers != null) {
            controllers.close();
        }
        if (storage != null) {
            storage.stop(0);
        }
    }

    @Test
    void serves_a_sklearn_model_with_the_v2_protocol_reports_ready_and_stops_when_deleted() throws Exception {
        create("iris", model("iris.joblib"), "sklearn");

        JsonNode status = awaitCondition("iris", "Ready", "True");
        assertThat(condition(status, "PredictorReady").path("status").asString())
                .isEqualTo("True");
        URI url = URI.create(status.path("url").asString());
        assertThat(url.toString()).startsWith("http://127.0.0.1:");
        JsonNode predictor = status.path("components").path("predictor");
        assertThat(predictor.path("latestReadyRevision").asString()).isEqualTo("iris-predictor-00001");
        assertThat(predictor.path("traffic").get(0).path("percent").asInt()).isEqualTo(100);

        assertThat(get(url, "/v2/health/live").statusCode()).isEqualTo(200);
        assertThat(get(url, "/v2/health/ready").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get(url, "/v2/models/iris/ready").body())
                        .path("ready")
                        .asBoolean())
                .isTrue();
        JsonNode metadata = JSON.readTree(get(url, "/v2/models/iris").body());
        assertThat(metadata.path("name").asString()).isEqualTo("iris");
        assertThat(metadata.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,4]");
        // a setosa and a virginica: the logistic regression's classes 0 and 2
        JsonNode answer = infer(url, "iris", List.of(5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3), 2);
        assertThat(answer.path("model_name").asString()).isEqualTo("iris");
        assertThat(answer.path("outputs").get(0).path("data").toString()).isEqualTo("[0,2]");
        assertThat(get(url, "/v2/models/other").statusCode()).isEqualTo(404);

        List<ProcessHandle> servers = standIn.processes(namespace, "iris");
        assertThat(servers).hasSize(1);
        k8s.kubectl("k1", "delete", "inferenceservice", "iris", "-n", namespace);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(servers).noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(refused(url)).isTrue());
    }

    @Test
    void a_model_that_cannot_be_fetched_loaded_or_served_leaves_the_predictor_not_ready_with_kserves_reason()
            throws Exception {
        create("missing", model("missing.joblib"), "sklearn");
        create("unsigned", "http://127.0.0.1:" + storage.getAddress().getPort() + "/artifacts/iris.joblib", "sklearn");
        create("notes", model("notes.joblib"), "sklearn");
        create("onnx", model("iris.joblib"), "onnx");

        JsonNode missing = condition(awaitCondition("missing", "PredictorReady", "False"), "PredictorReady");
        assertThat(missing.path("reason").asString()).isEqualTo("StorageFetchFailed");
        assertThat(missing.path("message").asString())
                .contains("missing.joblib answered HTTP 404")
                .doesNotContain("sig=");
        assertThat(condition(awaitCondition("unsigned", "Ready", "False"), "Ready")
                        .path("message")
                        .asString())
                .contains("HTTP 403");
        JsonNode notes = condition(awaitCondition("notes", "PredictorReady", "False"), "PredictorReady");
        assertThat(notes.path("reason").asString()).isEqualTo("ModelLoadFailed");
        assertThat(notes.path("message").asString()).contains("not a scikit-learn model");
        JsonNode onnx = awaitCondition("onnx", "PredictorReady", "False");
        assertThat(condition(onnx, "PredictorReady").path("reason").asString()).isEqualTo("NoSupportingRuntime");
        assertThat(onnx.path("modelStatus")
                        .path("lastFailureInfo")
                        .path("reason")
                        .asString())
                .isEqualTo("NoSupportingRuntime");
        assertThat(onnx.path("components").path("predictor").path("traffic")).isEmpty();
        // nothing serves, and the router says so
        assertThat(get(URI.create(onnx.path("url").asString()), "/v2/health/ready")
                        .statusCode())
                .isEqualTo(503);
        for (String name : List.of("missing", "unsigned", "notes", "onnx")) {
            assertThat(standIn.processes(namespace, name)).as(name).isEmpty();
        }
    }

    @Test
    void a_canary_takes_exactly_its_share_of_the_requests_until_it_is_promoted() throws Exception {
        create("canary", model("iris.joblib"), "sklearn");
        URI url =
                URI.create(awaitCondition("canary", "Ready", "True").path("url").asString());

        patch("canary", """
                {"spec":{"predictor":{"canaryTrafficPercent":25,
                  "model":{"storageUri":"%s"}}}}""".formatted(model("sevens.joblib")));
        JsonNode split = await().atMost(READY_WITHIN)
                .until(
                        () -> status("canary"),
                        s -> s.path("components")
                                        .path("predictor")
                                        .path("traffic")
                                        .size()
                                == 2);
        JsonNode predictor = split.path("components").path("predictor");
        assertThat(predictor.path("latestReadyRevision").asString()).isEqualTo("canary-predictor-00002");
        assertThat(predictor.path("previousRolledoutRevision").asString()).isEqualTo("canary-predictor-00001");
        assertThat(traffic(split))
                .containsExactly("canary-predictor-00002 25% latest", "canary-predictor-00001 75% prev");
        assertThat(split.path("url").asString()).isEqualTo(url.toString());
        assertThat(standIn.processes(namespace, "canary")).hasSize(2);

        int sevens = 0;
        for (int i = 0; i < 100; i++) {
            String data = infer(url, "canary", List.of(6.7, 3.0, 5.2, 2.3), 1)
                    .path("outputs")
                    .get(0)
                    .path("data")
                    .toString();
            assertThat(data).isIn("[7]", "[2]");
            sevens += data.equals("[7]") ? 1 : 0;
        }
        assertThat(sevens).as("requests the canary answered, of 100").isEqualTo(25);

        List<ProcessHandle> before = standIn.processes(namespace, "canary");
        patch("canary", "{\"spec\":{\"predictor\":{\"canaryTrafficPercent\":null}}}");
        JsonNode promoted = await().atMost(READY_WITHIN)
                .until(
                        () -> status("canary"),
                        s -> s.path("components")
                                        .path("predictor")
                                        .path("traffic")
                                        .size()
                                == 1);
        assertThat(traffic(promoted)).containsExactly("canary-predictor-00002 100% latest");
        assertThat(promoted.path("components")
                        .path("predictor")
                        .path("latestRolledoutRevision")
                        .asString())
                .isEqualTo("canary-predictor-00002");
        for (int i = 0; i < 10; i++) {
            assertThat(infer(url, "canary", List.of(6.7, 3.0, 5.2, 2.3), 1)
                            .path("outputs")
                            .get(0)
                            .path("data")
                            .toString())
                    .isEqualTo("[7]");
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(before.stream().filter(ProcessHandle::isAlive))
                        .hasSize(1));
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String model(String file) {
        return "http://127.0.0.1:" + storage.getAddress().getPort() + "/artifacts/" + file + "?sig=valid";
    }

    static void create(String name, String storageUri, String format) {
        k8s.kubectlWithInput("k1", """
                {"apiVersion":"serving.kserve.io/v1beta1","kind":"InferenceService",
                 "metadata":{"name":"%s","namespace":"%s","labels":{"%s":"%s"}},
                 "spec":{"predictor":{"minReplicas":1,"model":{"modelFormat":{"name":"%s"},"storageUri":"%s"}}}}
                """.formatted(name, namespace, LABEL, run, format, storageUri), "apply", "-f", "-");
    }

    static void patch(String name, String mergePatch) {
        k8s.kubectl("k1", "patch", "inferenceservice", name, "-n", namespace, "--type", "merge", "-p", mergePatch);
    }

    static JsonNode status(String name) {
        GenericKubernetesResource isvc = client.genericKubernetesResources(
                        StandInControllers.context(KubernetesFeature.INFERENCE_SERVICES))
                .inNamespace(namespace)
                .withName(name)
                .get();
        return isvc == null
                ? JSON.createObjectNode()
                : JSON.valueToTree(isvc.getAdditionalProperties().getOrDefault("status", Map.of()));
    }

    /** The traffic split as "revision percent% latest|prev" lines. */
    static List<String> traffic(JsonNode status) {
        var lines = new ArrayList<String>();
        for (JsonNode t : status.path("components").path("predictor").path("traffic")) {
            lines.add(
                    t.path("revisionName").asString() + " " + t.path("percent").asInt() + "% "
                            + (t.path("latestRevision").asBoolean() ? "latest" : "prev"));
        }
        return lines;
    }

    static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return JSON.createObjectNode();
    }

    static JsonNode awaitCondition(String name, String type, String value) {
        return await().atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> status(name),
                        s -> condition(s, type).path("status").asString().equals(value));
    }

    static HttpResponse<String> get(URI url, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(url.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A v2 infer request with one FP64 tensor of {@code rows} rows. */
    static JsonNode infer(URI url, String model, List<Double> data, int rows) throws Exception {
        String body = """
                {"id":"it","inputs":[{"name":"input-0","datatype":"FP64","shape":[%d,%d],"data":%s}]}""".formatted(rows, data.size() / rows, data);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url.resolve("/v2/models/" + model + "/infer"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static boolean refused(URI url) {
        try {
            get(url, "/v2/health/live");
            return false;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs Python with Debian's scikit-learn in the models directory; fails loudly when it is missing. */
    static void python(String code) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("/usr/bin/python3", "-c", code.stripIndent()));
        Process p = new ProcessBuilder(command)
                .directory(models.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("python3 with scikit-learn (apt-get install python3-sklearn python3-joblib; the test "
                        + "command installs them): " + out)
                .isZero();
    }
}
