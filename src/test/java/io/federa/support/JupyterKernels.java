package io.federa.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Java client of Jupyter's kernel WebSocket ({@code /api/kernels/<id>/channels}, message protocol
 * 5.3, JSON text frames as notebook 6 speaks them): opens the channels, sends an {@code
 * execute_request} on the shell channel and waits for the {@code execute_result} on iopub.
 */
public final class JupyterKernels implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final WebSocket ws;
    private final ConcurrentLinkedQueue<String> frames;
    private final String session = UUID.randomUUID().toString();

    private JupyterKernels(WebSocket ws, ConcurrentLinkedQueue<String> frames) {
        this.ws = ws;
        this.frames = frames;
    }

    /** Opens {@code channels} (a ws:// URI) with these headers (a cookie, an Origin, a token). */
    public static JupyterKernels open(URI channels, Map<String, String> headers) {
        var frames = new ConcurrentLinkedQueue<String>();
        var listener = new WebSocket.Listener() {
            final StringBuilder part = new StringBuilder();

            @Override
            public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    frames.add(part.toString());
                    part.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        WebSocket ws = builder.buildAsync(channels, listener).join();
        return new JupyterKernels(ws, frames);
    }

    /** Every text frame received so far (to check what reached the client). */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    /** Runs {@code code} and returns its result's {@code text/plain} (waits up to a minute). */
    public String evaluate(String code) {
        String msgId = send(code);
        Awaitility.await("execute_result of " + code)
                .atMost(Duration.ofSeconds(60))
                .until(() -> result(msgId) != null);
        return result(msgId);
    }

    /** Sends an execute_request; returns its msg_id. */
    public String send(String code) {
        String msgId = UUID.randomUUID().toString();
        ws.sendText(executeRequest(msgId, session, "federa-test", code), true).join();
        return msgId;
    }

    /**
     * Jupyter's client handshake: asks for the kernel's info (again every 5 s) until the kernel answers,
     * so that a cell is not sent while the kernel is still starting (it can be lost then).
     */
    public void awaitKernel() {
        Awaitility.await("kernel_info_reply")
                .atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    if (answered("kernel_info_reply")) {
                        return true;
                    }
                    ws.sendText(
                                    message(
                                            "kernel_info_request",
                                            UUID.randomUUID().toString(),
                                            session,
                                            "federa-test",
                                            Map.of()),
                                    true)
                            .join();
                    return false;
                });
    }

    private boolean answered(String msgType) {
        return frames.stream()
                .anyMatch(f -> json.readTree(f).path("msg_type").asString("").equals(msgType));
    }

    /** An execute_request of Jupyter's messaging protocol 5.3 for {@code code}, as one JSON text frame. */
    public static String executeRequest(String msgId, String session, String username, String code) {
        return message(
                "execute_request",
                msgId,
                session,
                username,
                Map.of(
                        "code", code,
                        "silent", false,
                        "store_history", false,
                        "user_expressions", Map.of(),
                        "allow_stdin", false,
                        "stop_on_error", true));
    }

    /** A shell-channel message of Jupyter's messaging protocol 5.3, as one JSON text frame. */
    private static String message(
            String type, String msgId, String session, String username, Map<String, Object> content) {
        var message = Map.of(
                "header",
                Map.of("msg_id", msgId, "username", username, "session", session, "msg_type", type, "version", "5.3"),
                "parent_header",
                Map.of(),
                "metadata",
                Map.of(),
                "content",
                content,
                "buffers",
                List.of(),
                "channel",
                "shell");
        return json.writeValueAsString(message);
    }

    /** The text/plain of the execute_result answering {@code msgId}, or null while there is none. */
    public @Nullable String result(String msgId) {
        for (String frame : frames) {
            JsonNode m = json.readTree(frame);
            if (m.path("msg_type").asString("").equals("execute_result")
                    && m.path("parent_header").path("msg_id").asString("").equals(msgId)) {
                return m.path("content").path("data").path("text/plain").asString();
            }
        }
        return null;
    }

    /** Whether an execute_reply for {@code msgId} arrived (any cell, with or without a result). */
    public boolean replied(String msgId) {
        for (String frame : frames) {
            JsonNode m = json.readTree(frame);
            if (m.path("msg_type").asString("").equals("execute_reply")
                    && m.path("parent_header").path("msg_id").asString("").equals(msgId)) {
                return true;
            }
        }
        return false;
    }

    public void clear() {
        frames.clear();
    }

    @Override
    public void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }
}
