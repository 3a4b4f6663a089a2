package io.federa.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The Python helper the portal serves to jobs ({@code federa.py}), run by the real {@code python3}
 * against a server that answers with a redirect: the run token must never follow it.
 */
class FederaHelperTest {

    private static final String TOKEN = "frt_" + "s".repeat(43);

    @TempDir
    Path dir;

    private HttpServer redirecting;
    private HttpServer elsewhere;
    private final List<String> seenElsewhere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void servers() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seenElsewhere.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth=" + auth);
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("[]".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        elsewhere.start();
        redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirecting.start();
    }

    @AfterEach
    void stop() {
        redirecting.stop(0);
        elsewhere.stop(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void the_helper_never_follows_a_redirect_with_the_run_token(int status) throws Exception {
        redirecting.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders()
                    .add(
                            "Location",
                            "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/collect");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });

        Result result = helper("metric", "loss", "0.5", "1");

        assertThat(seenElsewhere).as("what reached the redirect's target").isEmpty();
        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr())
                .contains("HTTP " + status)
                .contains("redirect")
                .contains("not followed")
                .doesNotContain(TOKEN);
    }

    private record Result(int exit, String stderr) {}

    private Result helper(String... args) throws Exception {
        Path script = dir.resolve("federa.py");
        try (InputStream in = new ClassPathResource("io/federa/jobs/federa.py").getInputStream()) {
            Files.write(script, in.readAllBytes());
        }
        var command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment()
                .putAll(Map.of(
                        "FEDERA_URL",
                        "http://127.0.0.1:" + redirecting.getAddress().getPort(),
                        "FEDERA_RUN_ID",
                        "r-aaaaaaaaaaaa",
                        "FEDERA_TOKEN",
                        TOKEN));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stderr);
    }
}
