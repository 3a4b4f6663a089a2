package io.federa.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Jupyter server (Debian's {@code jupyter-notebook}) started as a notebook's container would run
 * it: {@code base_url} = the notebook's {@code NB_PREFIX}, the token from {@code JUPYTER_TOKEN}, on
 * 127.0.0.1 (as root: {@code --allow-root}). Used by the notebook proxy's tests, the Jupyter-running
 * Notebook stand-in and the proxy benchmark. Fails loudly when Jupyter is not installed.
 */
public final class LocalJupyter implements AutoCloseable {

    public static final Path JUPYTER = Path.of("/usr/bin/jupyter-notebook");

    private final Process process;
    private final int port;
    private final String basePath;
    private final Path log;

    private LocalJupyter(Process process, int port, String basePath, Path log) {
        this.process = process;
        this.port = port;
        this.basePath = basePath;
        this.log = log;
    }

    /** Fails with the command that installs Jupyter when it is missing. */
    public static void require() {
        if (!Files.isExecutable(JUPYTER)) {
            throw new IllegalStateException("Jupyter is not installed: apt-get install -y --no-install-recommends "
                    + "jupyter-notebook python3-ipykernel (scripts/slurm-up.sh installs it)");
        }
    }

    /**
     * Starts Jupyter serving {@code notebookDir} under {@code basePath} (e.g. {@code
     * /notebook/team-a/nb/}); returns at once (see {@link #answers()}); {@code env} as the pod's.
     */
    public static LocalJupyter start(String basePath, Path notebookDir, Map<String, String> env) throws IOException {
        require();
        String base = basePath.endsWith("/") ? basePath : basePath + "/";
        int port = freePort();
        Path state = Files.createTempDirectory("federa-jupyter-");
        Files.createDirectories(notebookDir);
        List<String> command = new ArrayList<>(List.of(
                JUPYTER.toString(),
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                "--port=" + port,
                "--port-retries=0",
                "--NotebookApp.base_url=" + base,
                "--notebook-dir=" + notebookDir));
        var builder = new ProcessBuilder(command);
        builder.directory(notebookDir.toFile()); // a pod starts in its working directory; kernels inherit it
        builder.environment().putAll(env);
        // its own config and runtime directories: nothing of the machine's user config, no shared files
        builder.environment().put("JUPYTER_CONFIG_DIR", state.resolve("config").toString());
        builder.environment()
                .put("JUPYTER_RUNTIME_DIR", state.resolve("runtime").toString());
        builder.environment().put("JUPYTER_DATA_DIR", state.resolve("data").toString());
        builder.environment().put("IPYTHONDIR", state.resolve("ipython").toString());
        builder.environment().put("HOME", state.toString());
        builder.environment().put("PATH", "/usr/bin:/bin");
        Path log = state.resolve("jupyter.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new LocalJupyter(builder.start(), port, base, log);
    }

    /** Starts Jupyter with {@code token} and waits until it answers (up to a minute: the machine is shared). */
    public static LocalJupyter started(String basePath, Path notebookDir, String token) throws IOException {
        var jupyter = start(basePath, notebookDir, Map.of("JUPYTER_TOKEN", token, "NB_PREFIX", basePath));
        org.awaitility.Awaitility.await("Jupyter answers at " + jupyter.base())
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!jupyter.process.isAlive()) {
                        throw new IllegalStateException("Jupyter ended: " + Files.readString(jupyter.log));
                    }
                    return jupyter.answers(token);
                });
        return jupyter;
    }

    /** {@code http://127.0.0.1:<port><basePath>}, ending with '/'. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + basePath);
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Whether Jupyter's API answers 200 to this token. */
    public boolean answers(String token) {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(base().resolve("api/status"))
                            .header("Authorization", "token " + token)
                            .timeout(Duration.ofSeconds(5))
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

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops Jupyter and its kernels (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
