package io.federa.notebooks.internal.proxy;

import io.federa.notebooks.internal.proxy.NotebookUpstreams.Open;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of the notebook proxy (Jupyter's kernel channels): the browser's upgrade is
 * accepted only from the portal's origin and only after the upstream WebSocket (with the token, without
 * the browser's cookies or Origin) is open; then frames flow both ways, text and binary, in parts as
 * they come, each side asking for the next frame only when the previous one was passed on (back
 * pressure). The container's WebSocket support (Tomcat's JSR 356) serves the browser's side, the JDK
 * client the upstream's. ADR 0031.
 */
class NotebookWebSockets {

    private static final Logger log = LoggerFactory.getLogger(NotebookWebSockets.class);

    private final HttpClient http;
    private final NotebookProxyProperties properties;

    NotebookWebSockets(HttpClient http, NotebookProxyProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    void upgrade(HttpServletRequest request, HttpServletResponse response, URI target, Open open, String browserPrefix)
            throws IOException {
        var refused = CrossSite.originRefusal(request, false);
        if (refused.isPresent()) {
            NotebookProxyServlet.page(response, 403, "Refused", refused.get());
            return;
        }
        var container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            NotebookProxyServlet.page(response, 501, "No WebSockets", "This server does not offer WebSockets.");
            return;
        }
        URI ws = URI.create((target.getScheme().equals("https") ? "wss" : "ws")
                + target.toString().substring(target.getScheme().length()));
        var bridge = new Bridge(open.token());
        WebSocket upstream;
        try {
            upstream = http.newWebSocketBuilder()
                    .connectTimeout(properties.connectTimeout())
                    .header("Authorization", "token " + open.token())
                    .buildAsync(ws, bridge)
                    .get(properties.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.info("notebook WebSocket {} not opened upstream: {}", browserPrefix, e.toString());
            NotebookProxyServlet.page(
                    response, 502, "Notebook not answering", "The notebook's server refused the connection.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        bridge.upstream = upstream;
        var config = ServerEndpointConfig.Builder.create(Bridge.class, browserPrefix)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(bridge);
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            upstream.abort();
            throw new IOException("WebSocket upgrade failed", e);
        }
    }

    /** One browser WebSocket joined to one upstream WebSocket. */
    static final class Bridge extends Endpoint implements WebSocket.Listener {

        private final String token;
        private final String mask;
        private volatile @Nullable WebSocket upstream;
        private volatile @Nullable Session browser;

        Bridge(String token) {
            this.token = token;
            this.mask = Replacing.mask(token);
        }

        // ---- the browser's side (container threads)

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.browser = session;
            session.setMaxIdleTimeout(0);
            session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (text, last) -> {
                WebSocket up = upstream;
                if (up != null) {
                    up.sendText(text, last).join();
                }
            });
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (data, last) -> {
                WebSocket up = upstream;
                if (up != null) {
                    up.sendBinary(data, last).join();
                }
            });
            WebSocket up = upstream;
            if (up != null) {
                up.request(1); // the upstream's frames flow once there is somewhere to send them
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            WebSocket up = upstream;
            if (up != null && !up.isOutputClosed()) {
                int code = reason.getCloseCode().getCode();
                up.sendClose(code == 1005 || code == 1006 || code == 1015 ? WebSocket.NORMAL_CLOSURE : code, "")
                        .exceptionally(e -> null);
            }
        }

        @Override
        public void onError(Session session, Throwable error) {
            WebSocket up = upstream;
            if (up != null) {
                up.abort();
            }
        }

        // ---- the upstream's side (the JDK client's threads; calls come one at a time)

        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(1) here: frames are asked for once the browser's side is open
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String text = data.toString().replace(token, mask);
            return toBrowser(webSocket, b -> b.sendText(text, last));
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            return toBrowser(webSocket, b -> b.sendBinary(data, last));
        }

        private interface Send {
            void to(jakarta.websocket.RemoteEndpoint.Basic browser) throws IOException;
        }

        /** Passes one upstream frame on (blocking: back pressure), then asks the upstream for the next. */
        private @Nullable CompletionStage<?> toBrowser(WebSocket webSocket, Send send) {
            Session b = browser;
            try {
                if (b != null) {
                    send.to(b.getBasicRemote());
                }
            } catch (IOException e) {
                webSocket.abort();
                return null;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1); // the JDK client answers pings itself
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, @Nullable String reason) {
            closeBrowser(statusCode, reason == null ? "" : reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeBrowser(CloseReason.CloseCodes.GOING_AWAY.getCode(), "the notebook's server went away");
        }

        private void closeBrowser(int code, String reason) {
            Session b = browser;
            if (b == null || !b.isOpen()) {
                return;
            }
            try {
                var close = code == 1005 || code == 1006 || code == 1015
                        ? CloseReason.CloseCodes.NORMAL_CLOSURE
                        : CloseReason.CloseCodes.getCloseCode(code);
                b.close(new CloseReason(close, reason.length() > 120 ? reason.substring(0, 120) : reason));
            } catch (IOException e) {
                log.debug("closing a notebook WebSocket: {}", e.toString());
            }
        }
    }
}
