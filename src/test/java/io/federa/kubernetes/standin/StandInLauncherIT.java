package io.federa.kubernetes.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.support.KubernetesTestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's launcher of the stand-in controllers ({@code scripts/standins.sh}, run by {@code
 * ./run.sh}): it starts, the Notebook and the InferenceService created on k1 for its portal instance
 * get their status from it, objects of other instances are left alone, and {@code stop} ends it
 * together with what it ran.
 */
class StandInLauncherIT {

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
        Result started = standIns("start");
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output()).contains("running on k1, k2 for " + FederaLabels.INSTANCE + "=" + instance);
        long pid = Long.parseLong(Files.readString(dir.resolve("standins.pid")).trim());
        assertThat(standIns("status").exit()).isZero();

        apply(notebook("mine", instance));
        apply(notebook("foreign", "another-portal"));
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

        Result stopped = standIns("stop");
        assertThat(stopped.exit()).as(stopped.output()).isZero();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(standIns("status").exit()).isEqualTo(1);
    }

    String notebook(String name, String owner) {
        return """
                {"apiVersion":"kubeflow.org/v1","kind":"Notebook",
                 "metadata":{"name":"%s","namespace":"%s","labels":{"%s":"%s"}},
                 "spec":{"template":{"spec":{"containers":[{"name":"%s","image":"jupyter/minimal-notebook",
                   "env":[{"name":"NB_PREFIX","value":"/notebook/%s/%s"}]}]}}}}""".formatted(name, namespace, FederaLabels.INSTANCE, owner, name, namespace, name);
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
        var builder = new ProcessBuilder("scripts/standins.sh", action).redirectErrorStream(true);
        builder.environment().put("FEDERA_STANDINS_DIR", dir.toString());
        builder.environment().put("FEDERA_STANDINS_SELECTOR", FederaLabels.INSTANCE + "=" + instance);
        builder.environment().put("FEDERA_STANDINS_CLASSPATH", System.getProperty("java.class.path"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }
}
