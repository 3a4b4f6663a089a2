package io.federa.kubernetes.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.LocalJupyter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's launcher of the stand-in controllers ({@code scripts/standins.sh}, run by {@code
 * ./run.sh}): it starts, the Notebook and the InferenceService created on k1 for its portal instance
 * get their status from it, a Notebook of the demo image runs as Jupyter behind the notebook gateway
 * that the env file names for k1 (as {@code scripts/k8s-up.sh} writes it), objects of other instances
 * are left alone, and {@code stop} ends it together with what it ran.
 */
class StandInLauncherIT {

    static final String TOKEN = "launcher-" + UUID.randomUUID();

    @TempDir
    Path dir;

    KubernetesTestClusters k8s;
    KubernetesClient client;
    String instance;
    String namespace;

    @BeforeEach
    void setUp() {
        k8s = KubernetesTestClusters.require();
        client = k8s.admin("k1");
        String run = UUID.randomUUID().toString().substring(0, 8);
        instance = "launcher-" + run;
        namespace = "launcher-" + run;
    }

    @AfterEach
    void tearDown() throws Exception {
        standIns("stop");
        for (String kind : List.of("notebooks", "inferenceservices")) {
            k8s.kubectl("k1", "delete", kind, "-n", namespace, "--all", "--wait=false");
        }
        client.close();
    }

    @Test
    void the_launcher_brings_the_demo_portals_notebooks_and_inference_services_to_life_until_stopped()
            throws Exception {
        LocalJupyter.require();
        // the shared clusters' env with a notebook gateway for k1 on a port of this test's own
        int gatewayPort;
        try (var free = new ServerSocket(0)) {
            gatewayPort = free.getLocalPort();
        }
        String gateway = "http://127.0.0.1:" + gatewayPort;
        Path k8sDir = Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(
                k8sDir.resolve("clusters.env"),
                Files.readString(KubernetesTestClusters.ENV)
                                .lines()
                                .filter(l ->
                                        !l.startsWith("K1_NOTEBOOK_GATEWAY=") && !l.startsWith("K2_NOTEBOOK_GATEWAY="))
                                .collect(Collectors.joining("\n"))
                        + "\nK1_NOTEBOOK_GATEWAY=" + gateway + "\n");
        Result started = standIns("start", k8sDir);
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output())
                .contains("running on k1, k2 for " + FederaLabels.INSTANCE + "=" + instance)
                .contains("notebooks of federa/debian-jupyter run as Jupyter behind k1 " + gateway);
        long pid = Long.parseLong(Files.readString(dir.resolve("standins.pid")).trim());
        assertThat(standIns("status").exit()).isZero();

        apply(notebook("mine", instance, "federa/debian-jupyter:1"));
        apply(notebook("foreign", "another-portal", "federa/debian-jupyter:1"));
        apply("""
                {"apiVersion":"serving.kserve.io/v1beta1","kind":"InferenceService",
                 "metadata":{"name":"mine","namespace":"%s","labels":{"%s":"%s"}},
                 "spec":{"predictor":{"model":{"modelFormat":{"name":"onnx"},
                   "storageUri":"http://127.0.0.1:9/model.onnx"}}}}""".formatted(namespace, FederaLabels.INSTANCE, instance));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> status(KubernetesFeature.NOTEBOOKS, "mine").containsKey("conditions"));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(status(KubernetesFeature.INFERENCE_SERVICES, "mine")
                                .toString())
                        .contains("reason=NoSupportingRuntime"));
        assertThat(status(KubernetesFeature.NOTEBOOKS, "foreign")).isEmpty();
        // the demo image runs as Jupyter behind k1's gateway, at the notebook's own prefix, with its token
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status(KubernetesFeature.NOTEBOOKS, "mine").toString(), s -> s.contains("running="));
        HttpResponse<String> jupyter = get(gateway + "/notebook/" + namespace + "/mine/api/status?token=" + TOKEN);
        assertThat(jupyter.statusCode()).as(jupyter.body()).isEqualTo(200);
        assertThat(jupyter.body()).contains("last_activity");
        assertThat(Files.isDirectory(dir.resolve("notebooks/k1/" + namespace + "/mine")))
                .as("its files under the demo's data dir")
                .isTrue();
        assertThat(get(gateway + "/notebook/" + namespace + "/foreign/api/status")
                        .statusCode())
                .as("another portal's notebook is not run")
                .isEqualTo(404);

        Result stopped = standIns("stop");
        assertThat(stopped.exit()).as(stopped.output()).isZero();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(() -> get(gateway + "/notebook/" + namespace + "/mine/api/status"))
                .as("the gateway and its Jupyter stopped with it")
                .isInstanceOf(IOException.class);
        assertThat(standIns("status").exit()).isEqualTo(1);
    }

    String notebook(String name, String owner, String image) {
        return """
                {"apiVersion":"kubeflow.org/v1","kind":"Notebook",
                 "metadata":{"name":"%s","namespace":"%s","labels":{"%s":"%s"}},
                 "spec":{"template":{"spec":{"containers":[{"name":"%s","image":"%s",
                   "env":[{"name":"NB_PREFIX","value":"/notebook/%s/%s"},{"name":"JUPYTER_TOKEN","value":"%s"}]}]}}}}""".formatted(name, namespace, FederaLabels.INSTANCE, owner, name, image, namespace, name, TOKEN);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    void apply(String json) {
        k8s.kubectlWithInput("k1", json, "apply", "-f", "-");
    }

    Map<?, ?> status(KubernetesFeature kind, String name) {
        GenericKubernetesResource object = client.genericKubernetesResources(StandInControllers.context(kind))
                .inNamespace(namespace)
                .withName(name)
                .get();
        return object != null && object.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? m : Map.of();
    }

    record Result(int exit, String output) {}

    /** {@code scripts/standins.sh ACTION} for this test's portal instance, on this JVM's class path. */
    Result standIns(String action) throws IOException, InterruptedException {
        return standIns(action, null);
    }

    /** … with the clusters' env file of {@code k8sDir} (null: the shared one). */
    Result standIns(String action, @Nullable Path k8sDir) throws IOException, InterruptedException {
        var builder = new ProcessBuilder("scripts/standins.sh", action).redirectErrorStream(true);
        if (k8sDir != null) {
            builder.environment().put("FEDERA_K8S_DIR", k8sDir.toString());
        }
        builder.environment().put("FEDERA_STANDINS_DIR", dir.toString());
        builder.environment().put("FEDERA_STANDINS_SELECTOR", FederaLabels.INSTANCE + "=" + instance);
        builder.environment().put("FEDERA_STANDINS_CLASSPATH", System.getProperty("java.class.path"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }
}
