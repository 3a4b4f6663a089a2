package io.federa.models;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.federa.kubernetes.standin.InferenceServiceStandIn;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * STAND-IN (tests only) for KServe's controller and a model server, until the serving work's v2 sklearn
 * server is merged: it fetches the InferenceService's {@code storageUri} as KServe's storage
 * initializer would (a failed fetch is a False PredictorReady with the reason), and answers Open
 * Inference Protocol v2 {@code infer} on a local port with the SHA-256 of the file it loaded — so a
 * test sees which version's file serves. It predicts nothing.
 */
class LocalModelServerStandIn extends InferenceServiceStandIn implements AutoCloseable {

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
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String name = parts.length > 3 ? parts[3] : "";
            String sha = loaded.get(name);
            byte[] body;
            int status;
            if (sha == null
                    || !"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().endsWith("/infer")) {
                status = 404;
                body = "{\"error\":\"no such model\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                exchange.getRequestBody().readAllBytes();
                status = 200;
                body = ("{\"model_name\":\"" + name + "\",\"id\":\"" + sha.substring(0, 12)
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

    @Override
    @SuppressWarnings("unchecked")
    protected Map<String, Object> status(GenericKubernetesResource isvc, Object current) {
        String name = isvc.getMetadata().getName();
        Map<String, Object> spec =
                (Map<String, Object>) isvc.getAdditionalProperties().get("spec");
        Map<String, Object> predictor = (Map<String, Object>) spec.get("predictor");
        String uri = (String) ((Map<String, Object>) predictor.get("model")).get("storageUri");
        if (!uri.equals(fetchedUri.get(name))) {
            try {
                HttpResponse<byte[]> file = http.send(
                        HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (file.statusCode() != 200) {
                    return failed("the model file could not be downloaded (HTTP " + file.statusCode() + ")");
                }
                loaded.put(
                        name,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())));
                fetchedUri.put(name, uri);
            } catch (Exception e) {
                return failed("the model file could not be downloaded: "
                        + e.getClass().getSimpleName());
            }
        }
        Map<String, Object> status = new LinkedHashMap<>(super.status(isvc, current));
        status.put("url", url());
        return status;
    }

    private static Map<String, Object> failed(String message) {
        return Map.of(
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
                                message),
                        Map.of("type", "Ready", "status", "False", "reason", "ModelLoadFailed")));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
