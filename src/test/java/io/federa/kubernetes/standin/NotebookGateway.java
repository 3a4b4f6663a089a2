package io.federa.kubernetes.standin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STAND-IN for Kubeflow's Istio gateway — test and demo code. Kubeflow's notebook-controller adds a
 * VirtualService per Notebook that routes {@code /notebook/<ns>/<name>/} on the cluster's gateway to the
 * notebook's pod, WebSockets included, without rewriting the path (Jupyter's base_url is that prefix).
 * This is the same on one port of 127.0.0.1: it reads a request's head, picks the route by the longest
 * matching prefix, and splices the connection to the notebook's local Jupyter, bytes as they are (so
 * WebSocket upgrades and streamed bodies pass untouched). Each connection carries one request ({@code
 * Connection: close} is set on plain requests), so keep-alive never sends a later request to the wrong
 * notebook. An unknown prefix answers 404, as Istio does. ADR 0031.
 */
public final class NotebookGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotebookGateway.class);
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final Map<String, InetSocketAddress> routes = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private NotebookGateway(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("notebook-gateway").start(this::accept);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static NotebookGateway start(int port) throws IOException {
        var server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new NotebookGateway(server);
    }

    /** What a cluster registers as its notebook gateway URL: {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Routes {@code /notebook/<namespace>/<name>/} to a Jupyter on 127.0.0.1:{@code port}. */
    public void route(String namespace, String name, int port) {
        routes.put(prefix(namespace, name), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public void unroute(String namespace, String name) {
        routes.remove(prefix(namespace, name));
    }

    static String prefix(String namespace, String name) {
        return "/notebook/" + namespace + "/" + name + "/";
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("notebook gateway: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
            String path = requestLine.length > 1 ? URI.create(requestLine[1]).getRawPath() : "";
            Optional<InetSocketAddress> to = route(path);
            if (to.isEmpty()) {
                byte[] body = "no route to this notebook\n".getBytes(StandardCharsets.US_ASCII);
                client.getOutputStream()
                        .write(("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
                return;
            }
            boolean upgrade = text.toLowerCase(Locale.ROOT).contains("\r\nupgrade:");
            if (!upgrade) {
                text = oneRequestOnly(text);
            }
            try (var upstream = new Socket()) {
                upstream.connect(to.get(), 5_000);
                upstream.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
                var up = Thread.ofVirtual().start(() -> pipe(in, upstream, true));
                pipe(upstream.getInputStream(), client, false);
                up.join();
            }
        } catch (IOException | IllegalArgumentException e) {
            log.debug("notebook gateway connection: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<InetSocketAddress> route(String path) {
        return routes.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()) || (path + "/").equals(e.getKey()))
                .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                .map(Map.Entry::getValue);
    }

    /** The head with {@code Connection: close} in place of any Connection header. */
    private static String oneRequestOnly(String head) {
        var out = new StringBuilder();
        for (String line : head.split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("connection:") || line.isEmpty()) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** The request head up to and including the blank line, or null when the client went away. */
    private static byte[] readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        throw new IOException("request head too long");
    }

    private static void pipe(InputStream from, Socket to, boolean halfClose) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = from.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (halfClose) {
                to.shutdownOutput();
            } else {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // one side went away: the other copy ends with it
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
