package io.federa.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The portal as a process of its own (a child JVM on the test classpath, started as {@code java
 * io.federa.FederaApplication --key=value …}), so that a test can kill it with SIGKILL or stop it
 * with SIGTERM and start it again on the same data directory. Each start writes its own log
 * ({@code <data-dir>/portal-<n>.log}). {@link #close} kills what is left, including a PostgreSQL
 * the portal left running on its data directory.
 */
public final class PortalProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final List<String> jvmArgs;
    private final List<String> args;
    private Process process;
    private Path log;
    private int starts;

    public PortalProcess(Path dataDir, int port, List<String> args) {
        this(dataDir, port, List.of(), args);
    }

    /** @param jvmArgs options of the JVM ({@code -Dspring.aot.enabled=true}), before the main class */
    public PortalProcess(Path dataDir, int port, List<String> jvmArgs, List<String> args) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.args = List.copyOf(args);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the portal (not waiting for it); {@code extraArgs} only for this start. */
    public void start(String... extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.federa.FederaApplication"));
        command.add("--server.port=" + port);
        command.add("--federa.data-dir=" + dataDir);
        command.addAll(args);
        command.addAll(Arrays.asList(extraArgs));
        try {
            Files.createDirectories(dataDir);
            log = dataDir.resolve("portal-" + ++starts + ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the portal's readiness probe answers 200; fails with the end of its log if it exits first. */
    public Duration awaitReady(Duration timeout) {
        long t0 = System.nanoTime();
        try (var http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            var probe = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (System.nanoTime() - t0 < timeout.toNanos()) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "the portal exited with " + process.exitValue() + "; its log ends:\n" + tail(60));
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return Duration.ofNanos(System.nanoTime() - t0);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the portal was not ready after " + timeout + "; its log ends:\n" + tail(60));
    }

    /** SIGKILL, as the OOM killer or {@code kill -9} would; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** SIGTERM, as a supervisor stops it; returns how long the process took to exit (at most {@code max}). */
    public Duration terminate(Duration max) {
        long t0 = System.nanoTime();
        process.destroy();
        try {
            process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The log of the current start. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The PostgreSQL server that {@code <data-dir>/postgres/postmaster.pid} names, if it runs. */
    public java.util.Optional<ProcessHandle> postmaster() {
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                            .getFirst()
                            .trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .arguments()
                            .map(a -> Arrays.asList(a)
                                    .contains(dataDir.resolve("postgres").toString()))
                            .orElse(false));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
        postmaster().ifPresent(pg -> {
            pg.destroy(); // SIGTERM: PostgreSQL's smart shutdown
            pg.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
        });
    }
}
