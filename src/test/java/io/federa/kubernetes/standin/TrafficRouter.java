package io.federa.kubernetes.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * STAND-IN for the ingress and Knative's traffic split in front of an InferenceService's revisions:
 * one local port (the InferenceService's {@code status.url}) that forwards every request to one of
 * the revisions in the split. The split is a smooth weighted round robin (nginx's), not Knative's
 * random pick: of every 100 requests exactly {@code percent} go to a revision, interleaved, so a
 * test can count them (docs/adr/0033).
 */
final class TrafficRouter implements AutoCloseable {

    /** One revision's share of the traffic. */
    record Route(String revision, URI upstream, int percent) {}

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private List<Route> routes = List.of();
    private int[] current = new int[0];

    TrafficRouter() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized void route(List<Route> wanted) {
        if (!wanted.equals(routes)) {
            routes = List.copyOf(wanted);
            current = new int[routes.size()];
        }
    }

    synchronized List<Route> routes() {
        return routes;
    }

    /** The next request's revision: each step adds every weight, takes the largest, subtracts 100. */
    private synchronized @Nullable Route pick() {
        int best = -1;
        int total = 0;
        for (int i = 0; i < routes.size(); i++) {
            current[i] += routes.get(i).percent();
            total += routes.get(i).percent();
            if (routes.get(i).percent() > 0 && (best < 0 || current[i] > current[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        current[best] -= total;
        return routes.get(best);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            Route route = pick();
            if (route == null) {
                answer(exchange, 503, "{\"error\":\"no revision of this InferenceService is ready\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            var request = HttpRequest.newBuilder(
                            route.upstream().resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                answer(exchange, 502, "{\"error\":\"revision " + route.revision() + " did not answer\"}");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
