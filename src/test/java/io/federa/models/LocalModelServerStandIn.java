package io.federa.models;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.standin.StandInControllers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * STAND-IN (tests of the models module only) for KServe's controller and a model server, kept small
 * and independent of the demo's stand-in: it fetches the InferenceService's {@code storageUri} as
 * KServe's storage initializer would (a failed fetch is a False PredictorReady with the reason), writes
 * KServe's status through {@code /status} (url, conditions, the canary's traffic split), and answers
 * Open Inference Protocol v2 {@code infer} on a local port with the SHA-256 of the file it loaded, so a
 * test sees which version's file serves. It predicts nothing.
 */
class LocalModelServerStandIn implements StandInControllers.StandIn, AutoCloseable {

    private static final KubernetesFeature KIND = KubernetesFeature.INFERENCE_SERVICES;

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    /** InferenceService name → SHA-256 of the file it serves now. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();

    private final Map<String, String> fetchedUri = new ConcurrentHashMap<>();

    LocalModelServerStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2/models/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            String sha = parts.length > 3 ? loaded.get(parts[3]) : null;
            byte[] body;
            int status;
            if (sha == null || !"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/infer")) {
                status = 404;
                body = "{\"error\":\"no such model\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                exchange.getRequestBody().readAllBytes();
                status = 200;
                body = ("{\"model_name\":\"" + parts[3] + "\",\"id\":\"" + sha.substring(0, 12)
                                + "\",\"outputs\":[{\"name\":\"predict\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[0]}]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The SHA-256 of the file the model server loaded for an InferenceService (null: none). */
    String loadedSha(String name) {
        return loaded.get(name);
    }

    @Override
    public KubernetesFeature kind() {
        return KIND;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void reconcile(KubernetesClient client, GenericKubernetesResource isvc) {
        if (isvc.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String name = isvc.getMetadata().getName();
        Map<String, Object> spec =
                (Map<String, Object>) isvc.getAdditionalProperties().get("spec");
        Map<String, Object> predictor = (Map<String, Object>) spec.get("predictor");
        String uri = (String) ((Map<String, Object>) predictor.get("model")).get("storageUri");
        Map<String, Object> wanted;
        String failure = fetch(name, uri);
        if (failure != null) {
            wanted = Map.of(
                    "conditions",
                    List.of(
                            Map.of(
                                    "type",
                                    "PredictorReady",
                                    "status",
                                    "False",
                                    "reason",
                                    "ModelLoadFailed",
                                    "message",
                                    failure),
                            Map.of("type", "Ready", "status", "False", "reason", "ModelLoadFailed")));
        } else {
            Object canary = predictor.get("canaryTrafficPercent");
            int percent = canary instanceof Number n ? n.intValue() : 100;
            var traffic = percent < 100
                    ? List.of(
                            Map.of(
                                    "revisionName",
                                    name + "-predictor-latest",
                                    "percent",
                                    percent,
                                    "latestRevision",
                                    true),
                            Map.of("revisionName", name + "-predictor-previous", "percent", 100 - percent))
                    : List.of(
                            Map.of("revisionName", name + "-predictor-latest", "percent", 100, "latestRevision", true));
            var status = new LinkedHashMap<String, Object>();
            status.put("url", url());
            status.put(
                    "conditions",
                    List.of(
                            Map.of("type", "PredictorReady", "status", "True"),
                            Map.of("type", "Ready", "status", "True")));
            status.put("components", Map.of("predictor", Map.of("url", url(), "traffic", traffic)));
            wanted = status;
        }
        if (Objects.equals(isvc.getAdditionalProperties().get("status"), wanted)) {
            return;
        }
        isvc.setAdditionalProperty("status", wanted);
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                        .withGroup(KIND.group())
                        .withVersion(KIND.version())
                        .withPlural(KIND.plural())
                        .withKind(KIND.kind())
                        .withNamespaced(true)
                        .build())
                .resource(isvc)
                .updateStatus();
    }

    /** Downloads the file once per storageUri; the reason it could not, or null. */
    private String fetch(String name, String uri) {
        if (uri.equals(fetchedUri.get(name))) {
            return null;
        }
        try {
            HttpResponse<byte[]> file =
                    http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (file.statusCode() != 200) {
                return "the model file could not be downloaded (HTTP " + file.statusCode() + ")";
            }
            loaded.put(
                    name,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())));
            fetchedUri.put(name, uri);
            return null;
        } catch (Exception e) {
            return "the model file could not be downloaded: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
