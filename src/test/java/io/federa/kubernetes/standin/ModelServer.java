package io.federa.kubernetes.standin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * STAND-IN for one revision of a KServe predictor: its storage initializer and its sklearn model
 * server, in one local {@code python3} process ({@code model_server.py}, docs/adr/0033). {@link #start}
 * returns once the server answers {@code /v2/health/ready} (KServe's readiness probe) or with the
 * reason it failed, as KServe reports it ({@code StorageFetchFailed}, {@code ModelLoadFailed}, {@code
 * NoSupportingRuntime}).
 */
final class ModelServer {

    /** How long fetching and loading a model may take (a loaded 2-core machine imports scikit-learn slowly). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final String SCRIPT = "model_server.py";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Nullable
    private static Path script;

    final String revision;
    final String storageUri;
    final String format;

    @Nullable
    private Process process;

    private int port;

    @Nullable
    private String failureReason;

    @Nullable
    private String failureMessage;

    private ModelServer(String revision, String storageUri, String format) {
        this.revision = revision;
        this.storageUri = storageUri;
        this.format = format;
    }

    /** Starts the revision's server for model {@code model} and waits until it is ready or failed. */
    static ModelServer start(String revision, String model, String storageUri, String format) {
        var server = new ModelServer(revision, storageUri, format);
        server.launch(model);
        return server;
    }

    boolean ready() {
        return failureReason == null;
    }

    /** Where the revision's server listens (only when {@link #ready()}). */
    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String failureReason() {
        return failureReason == null ? "" : failureReason;
    }

    String failureMessage() {
        return failureMessage == null ? "" : failureMessage;
    }

    @Nullable
    ProcessHandle process() {
        return process == null ? null : process.toHandle();
    }

    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void launch(String model) {
        Process p;
        try {
            var builder = new ProcessBuilder(
                            python(), script().toString(), "--model-name", model, "--model-format", format)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // the signed URL stays out of the command line (ps) and out of everything the server prints
            builder.environment().put("STORAGE_URI", storageUri);
            p = builder.start();
        } catch (IOException e) {
            fail("RuntimeUnhealthy", "the model server could not start: " + e.getMessage());
            return;
        }
        process = p;
        String first = firstLine(p.getInputStream());
        if (first != null && first.startsWith("READY ")) {
            port = Integer.parseInt(first.substring("READY ".length()).trim());
            if (answersReady()) {
                return;
            }
            fail("RuntimeUnhealthy", "the model server did not answer /v2/health/ready");
        } else if (first != null && first.startsWith("FAILED ")) {
            String[] parts = first.substring("FAILED ".length()).split(" ", 2);
            fail(parts[0], parts.length > 1 ? parts[1] : "");
        } else {
            fail(
                    "RuntimeUnhealthy",
                    p.isAlive()
                            ? "the model server was not ready after " + START_TIMEOUT.toSeconds() + " s"
                            : "the model server exited with code " + p.exitValue());
        }
        stop();
    }

    private void fail(String reason, String message) {
        failureReason = reason;
        failureMessage = message;
    }

    @Nullable
    private static String firstLine(InputStream out) {
        var reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private boolean answersReady() {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(url().resolve("/v2/health/ready"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Debian's python3 (with python3-sklearn); {@code -Dfedera.standin.python=...} picks another. */
    private static String python() {
        String chosen = System.getProperty("federa.standin.python");
        if (chosen != null) {
            return chosen;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** The server's source, copied once out of the class path (it may sit in a jar). */
    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = ModelServer.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is not on the class path");
                }
                Path file = Files.createTempFile("federa-model-server", ".py");
                file.toFile().deleteOnExit();
                Files.write(file, in.readAllBytes());
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }

    @Override
    public String toString() {
        return revision + " " + List.of(format, ready() ? "ready on " + port : failureReason());
    }
}
