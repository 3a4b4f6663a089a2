package io.federa.bench;

import com.microsoft.playwright.Page;
import io.federa.notebooks.internal.proxy.NotebookUpstreams;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.JupyterKernels;
import io.federa.support.LocalJupyter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notebook proxy against direct access to the same Jupyter (Debian's jupyter-notebook on this
 * machine); prints a table (and writes target/bench/notebook-proxy.md). Not a test: it asserts nothing
 * about time. Run with {@code scripts/bench.sh notebook-proxy}. Needs Keycloak (alice logs in once).
 *
 * <ol>
 *   <li>throughput of a large download ({@code GET files/<big>}), MB/s, best of {@code bench.repeats};
 *   <li>latency of a small GET ({@code api/status}), p50 / p95 over {@code bench.requests} sequential
 *       requests; the proxy's added latency is the difference;
 *   <li>WebSocket kernel round trips per second ({@code execute_request} → {@code execute_reply} of
 *       an empty-ish cell, one after the other for {@code bench.ws.seconds}), through the proxy and
 *       direct.
 * </ol>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class NotebookProxyBenchmark {

    static final int MB = Integer.getInteger("bench.mb", 512);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final int REQUESTS = Integer.getInteger("bench.requests", 500);
    static final int WS_SECONDS = Integer.getInteger("bench.ws.seconds", 10);
    static final String TOKEN = "bench-" + UUID.randomUUID();
    static final JsonMapper json = JsonMapper.builder().build();

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static Path work;
    static LocalJupyter jupyter;

    @LocalServerPort
    int port;

    @TestConfiguration
    static class Upstreams {
        @Bean
        @org.springframework.context.annotation.Primary // over the notebooks module's own
        NotebookUpstreams benchNotebookUpstreams() {
            return (id, caller) -> id.equals("bench")
                    ? new NotebookUpstreams.Open(jupyter.base(), TOKEN)
                    : new NotebookUpstreams.NotFound();
        }
    }

    @BeforeAll
    static void jupyter() throws Exception {
        work = Files.createTempDirectory("federa-nbproxy-bench-");
        Path home = work.resolve("home");
        Files.createDirectories(home);
        byte[] block = new byte[1 << 20];
        new java.util.Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(home.resolve("big.bin"))) {
            for (int i = 0; i < MB; i++) {
                out.write(block);
            }
        }
        jupyter = LocalJupyter.started("/notebook/bench/nb/", home, TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jupyter != null) {
            jupyter.close();
        }
        Files.deleteIfExists(work.resolve("home/big.bin"));
    }

    record Side(String name, String base, Map<String, String> headers, String wsBase) {}

    @Test
    void run() throws Exception {
        Page page = browser.newPage();
        String portal = "http://localhost:" + port;
        Browser.logIn(page, portal, "alice");
        String session = page.context().cookies(portal).stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
        page.context().close();

        var direct = new Side(
                "direct",
                jupyter.base().toString(),
                Map.of("Authorization", "token " + TOKEN),
                "ws://127.0.0.1:" + jupyter.port() + jupyter.base().getRawPath());
        var proxy = new Side(
                "through the proxy",
                portal + "/notebooks/bench/",
                Map.of("Cookie", "JSESSIONID=" + session, "Origin", portal),
                "ws://localhost:" + port + "/notebooks/bench/");

        var report = new ArrayList<String>();
        report.add("(machine: " + Runtime.getRuntime().availableProcessors() + " cores; load average at start "
                + loadAverage() + "; Jupyter "
                + "notebook 6.4.12 (Debian), portal on Tomcat, JDK HttpClient upstream)");
        report.add("");
        try (var http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            double dDirect = download(http, direct);
            double dProxy = download(http, proxy);
            double[] lDirect = latencies(http, direct);
            double[] lProxy = latencies(http, proxy);
            String kernel = startKernel(http, direct);
            double wsProxy = roundTrips(proxy, kernel);
            double wsDirect = roundTrips(direct, kernel);
            report.add("## Notebook proxy vs direct access to the same Jupyter");
            report.add("");
            report.add("| measure | direct | through the proxy | proxy / direct |");
            report.add("|---|---:|---:|---:|");
            report.add(String.format(
                    "| large download (%d MB, `files/`), MB/s, best of %d | %.0f | %.0f | %.2f |",
                    MB, REPEATS, dDirect, dProxy, dProxy / dDirect));
            report.add(String.format(
                    "| small GET (`api/status`) p50, ms (%d requests) | %.2f | %.2f | %.2f (+%.2f ms) |",
                    REQUESTS, lDirect[0], lProxy[0], lProxy[0] / lDirect[0], lProxy[0] - lDirect[0]));
            report.add(String.format(
                    "| small GET (`api/status`) p95, ms | %.2f | %.2f | %.2f (+%.2f ms) |",
                    lDirect[1], lProxy[1], lProxy[1] / lDirect[1], lProxy[1] - lDirect[1]));
            report.add(String.format(
                    "| kernel WebSocket round trips/s (execute_request → execute_reply, %d s) | %.0f | %.0f | %.2f |",
                    WS_SECONDS, wsDirect, wsProxy, wsProxy / wsDirect));
        }
        String table = String.join("\n", report);
        System.out.println("\n" + table + "\n");
        Path out = Path.of("target", "bench", "notebook-proxy.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n");
    }

    static HttpRequest.Builder request(Side side, String path) {
        var b = HttpRequest.newBuilder(URI.create(side.base() + path)).timeout(Duration.ofMinutes(5));
        side.headers().forEach(b::header);
        return b;
    }

    static double download(HttpClient http, Side side) throws Exception {
        double best = 0;
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            var response = http.send(request(side, "files/big.bin").build(), HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    bytes += n;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (response.statusCode() != 200 || bytes != (long) MB << 20) {
                throw new IllegalStateException(side.name() + ": " + response.statusCode() + ", " + bytes + " bytes");
            }
            best = Math.max(best, bytes / 1e6 / seconds);
        }
        return best;
    }

    /** p50 and p95 in ms of sequential small GETs (after 50 unmeasured). */
    static double[] latencies(HttpClient http, Side side) throws Exception {
        var request = request(side, "api/status").build();
        for (int i = 0; i < 50; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        double[] ms = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(side.name() + ": " + response.statusCode());
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[REQUESTS / 2], ms[(int) Math.ceil(REQUESTS * 0.95) - 1]};
    }

    static String startKernel(HttpClient http, Side direct) throws Exception {
        var response = http.send(
                request(direct, "api/kernels")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).get("id").asString();
    }

    /** execute_request → execute_reply round trips per second, one at a time, on one kernel. */
    static double roundTrips(Side side, String kernel) throws Exception {
        var replies = new LinkedBlockingQueue<String>();
        var listener = new WebSocket.Listener() {
            final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    JsonNode m = json.readTree(part.toString());
                    if (m.path("msg_type").asString("").equals("execute_reply")) {
                        replies.add(m.path("parent_header").path("msg_id").asString(""));
                    }
                    part.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        side.headers().forEach(builder::header);
        WebSocket ws = builder.buildAsync(
                        URI.create(
                                side.wsBase() + "api/kernels/" + kernel + "/channels?session_id=" + UUID.randomUUID()),
                        listener)
                .get(30, TimeUnit.SECONDS);
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            roundTrip(ws, replies, session);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WS_SECONDS);
        long start = System.nanoTime();
        int count = 0;
        while (System.nanoTime() < end) {
            roundTrip(ws, replies, session);
            count++;
        }
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        return perSecond;
    }

    static void roundTrip(WebSocket ws, LinkedBlockingQueue<String> replies, String session) throws Exception {
        String msgId = UUID.randomUUID().toString();
        ws.sendText(JupyterKernels.executeRequest(msgId, session, "bench", "1"), true)
                .join();
        while (true) {
            String replied = replies.poll(60, TimeUnit.SECONDS);
            if (replied == null) {
                throw new IllegalStateException("no execute_reply within 60 s");
            }
            if (replied.equals(msgId)) {
                return;
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
