package io.federa.kubernetes.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.support.JupyterKernels;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.LocalJupyter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jupyter-running Notebook stand-in on the real local API server k1: a Notebook with a local image
 * runs Jupyter as its pod would (base_url = NB_PREFIX, JUPYTER_TOKEN) behind the gateway at
 * {@code /notebook/<ns>/<name>/} and reports running + Ready; the stop annotation stops it and a start
 * brings it back with its files; a bad image reports the kubelet's pull errors; delete stops it.
 */
class JupyterNotebookStandInIT {

    static final String TEST = "jsi" + UUID.randomUUID().toString().substring(0, 6);
    static final String NS = TEST + "-team-a";

    @TempDir
    static Path work;

    static KubernetesTestClusters k8s;
    static KubernetesClient admin;
    static NotebookGateway gateway;
    static JupyterNotebookStandIn notebooks;
    static StandInControllers controllers;

    @BeforeAll
    static void start() throws Exception {
        LocalJupyter.require();
        k8s = KubernetesTestClusters.require();
        admin = k8s.admin("k1");
        gateway = NotebookGateway.start(0);
        notebooks = new JupyterNotebookStandIn(gateway, Set.of("jupyter/scipy-notebook"), work, Clock.systemUTC());
        controllers =
                StandInControllers.start(admin, "federa.io/test=" + TEST, StandInControllers.withJupyter(notebooks));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controllers != null) {
            controllers.close();
        }
        if (admin != null) {
            admin.genericKubernetesResources(StandInControllers.context(KubernetesFeature.NOTEBOOKS))
                    .inNamespace(NS)
                    .withLabel("federa.io/test", TEST)
                    .delete();
            admin.close();
        }
        if (notebooks != null) {
            notebooks.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    static GenericKubernetesResource notebook(String name, String image, String token) {
        var nb = new GenericKubernetesResource();
        nb.setApiVersion("kubeflow.org/v1");
        nb.setKind("Notebook");
        nb.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NS)
                .withLabels(Map.of("federa.io/test", TEST))
                .build());
        nb.setAdditionalProperty(
                "spec",
                Map.of(
                        "template",
                        Map.of(
                                "spec",
                                Map.of(
                                        "containers",
                                        java.util.List.of(Map.of(
                                                "name",
                                                name,
                                                "image",
                                                image,
                                                "env",
                                                java.util.List.of(
                                                        Map.of(
                                                                "name",
                                                                "NB_PREFIX",
                                                                "value",
                                                                "/notebook/" + NS + "/" + name),
                                                        Map.of("name", "JUPYTER_TOKEN", "value", token))))))));
        return admin.genericKubernetesResources(StandInControllers.context(KubernetesFeature.NOTEBOOKS))
                .inNamespace(NS)
                .resource(nb)
                .create();
    }

    static GenericKubernetesResource get(String name) {
        return admin.genericKubernetesResources(StandInControllers.context(KubernetesFeature.NOTEBOOKS))
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(String name) {
        var nb = get(name);
        return nb == null
                ? Map.of()
                : (Map<String, Object>) nb.getAdditionalProperties().getOrDefault("status", Map.of());
    }

    static boolean ready(String name) {
        var s = status(name);
        return Integer.valueOf(1).equals(s.get("readyReplicas"))
                && s.get("containerState") instanceof Map<?, ?> state
                && state.containsKey("running")
                && s.get("conditions") instanceof java.util.List<?> conditions
                && conditions.stream()
                        .anyMatch(c -> c instanceof Map<?, ?> m
                                && "Ready".equals(m.get("type"))
                                && "True".equals(m.get("status")));
    }

    static int gatewayStatus(String name, String path, String token) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(
                                            URI.create(gateway.url() + "/notebook/" + NS + "/" + name + "/" + path))
                                    .header("Authorization", "token " + token)
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    static void annotateStopped(String name, boolean stopped) {
        admin.genericKubernetesResources(StandInControllers.context(KubernetesFeature.NOTEBOOKS))
                .inNamespace(NS)
                .withName(name)
                .edit(nb -> {
                    var annotations = new java.util.HashMap<String, String>(
                            nb.getMetadata().getAnnotations() == null
                                    ? Map.of()
                                    : nb.getMetadata().getAnnotations());
                    if (stopped) {
                        annotations.put(JupyterNotebookStandIn.STOPPED, "2026-12-03T17:00:00Z");
                    } else {
                        annotations.remove(JupyterNotebookStandIn.STOPPED);
                    }
                    nb.getMetadata().setAnnotations(annotations);
                    return nb;
                });
    }

    @Test
    void
            a_notebook_runs_jupyter_behind_the_gateway_stops_on_the_annotation_starts_again_with_its_files_and_ends_on_delete()
                    throws Exception {
        String token = UUID.randomUUID().toString();
        notebook("nb1", "jupyter/scipy-notebook:2024-01-15", token);
        Awaitility.await("Notebook nb1 ready").atMost(Duration.ofSeconds(120)).until(() -> ready("nb1"));
        assertThat(gatewayStatus("nb1", "api/status", token)).isEqualTo(200);
        assertThat(gatewayStatus("nb1", "api/status", "wrong")).isEqualTo(403);
        // a kernel over the gateway's WebSocket, as the portal's proxy will reach it
        var kernel = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.url() + "/notebook/" + NS + "/nb1/api/kernels"))
                                .header("Authorization", "token " + token)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
        String id = kernel.body().replaceAll(".*\"id\": *\"([^\"]+)\".*", "$1");
        try (var channels = JupyterKernels.open(
                URI.create("ws://127.0.0.1:" + gateway.url().getPort() + "/notebook/" + NS + "/nb1/api/kernels/" + id
                        + "/channels"),
                Map.of("Authorization", "token " + token))) {
            assertThat(channels.evaluate("open('kept.txt', 'w').write('still here') and 21 * 2"))
                    .isEqualTo("42");
        }

        annotateStopped("nb1", true);
        Awaitility.await("Notebook nb1 stopped").atMost(Duration.ofSeconds(60)).until(() -> {
            var s = status("nb1");
            return Integer.valueOf(0).equals(s.get("readyReplicas")) && Map.of().equals(s.get("containerState"));
        });
        assertThat(gatewayStatus("nb1", "api/status", token)).isEqualTo(404);

        annotateStopped("nb1", false);
        Awaitility.await("Notebook nb1 ready again")
                .atMost(Duration.ofSeconds(120))
                .until(() -> ready("nb1"));
        assertThat(gatewayStatus("nb1", "files/kept.txt", token)).isEqualTo(200);
        assertThat(Files.readString(work.resolve(NS).resolve("nb1").resolve("kept.txt")))
                .isEqualTo("still here");

        admin.genericKubernetesResources(StandInControllers.context(KubernetesFeature.NOTEBOOKS))
                .inNamespace(NS)
                .withName("nb1")
                .delete();
        Awaitility.await("Jupyter of nb1 gone")
                .atMost(Duration.ofSeconds(60))
                .until(() -> gatewayStatus("nb1", "api/status", token) == 404);
    }

    @Test
    void an_image_that_is_not_local_fails_to_pull_as_the_kubelet_says() {
        notebook(
                "nb-bad",
                "registry.example.org/nope/notebook:1",
                UUID.randomUUID().toString());
        Awaitility.await("pull failure reported").atMost(Duration.ofSeconds(60)).until(() -> {
            var s = status("nb-bad");
            return s.get("containerState") instanceof Map<?, ?> state
                    && state.get("waiting") instanceof Map<?, ?> w
                    && ("ErrImagePull".equals(w.get("reason")) || "ImagePullBackOff".equals(w.get("reason")))
                    && String.valueOf(w.get("message")).contains("registry.example.org/nope/notebook:1");
        });
        var s = status("nb-bad");
        assertThat(s.get("readyReplicas")).isEqualTo(0);
        assertThat(s.get("conditions").toString()).contains("type=Ready").contains("status=False");
    }
}
