package io.federa.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a real slurmrestd that can lose the answer to the next job submission:
 * {@link Fault#LOSE_ANSWER} forwards the request (the cluster creates the job) and closes the
 * portal's connection without the answer; {@link Fault#LOSE_REQUEST} closes it without forwarding
 * anything (the cluster never hears of the job). Everything else passes through untouched.
 */
public final class AnswerDroppingProxy implements AutoCloseable {

    public enum Fault {
        NONE,
        LOSE_ANSWER,
        LOSE_REQUEST
    }

    private final ServerSocket server;
    private final URI upstream;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Fault> nextSubmit = new AtomicReference<>(Fault.NONE);
    private final AtomicInteger submitsForwarded = new AtomicInteger();

    public AnswerDroppingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The fault to apply to the next POST …/job/submit (once). */
    public void failNextSubmit(Fault fault) {
        nextSubmit.set(fault);
    }

    /** How many submissions reached the real slurmrestd through this proxy. */
    public int submitsForwarded() {
        return submitsForwarded.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket cluster = new Socket(upstream.getHost(), upstream.getPort());
                var pair = new Pair(client, cluster);
                threads.execute(() -> pair.toCluster());
                threads.execute(() -> pair.toClient());
            } catch (IOException e) {
                // closed
            }
        }
    }

    private final class Pair {
        final Socket client;
        final Socket cluster;
        volatile boolean dropAnswer;

        Pair(Socket client, Socket cluster) {
            this.client = client;
            this.cluster = cluster;
        }

        void toCluster() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream();
                    OutputStream out = cluster.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String head = new String(buffer, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
                    if (head.startsWith("POST ") && head.contains("/job/submit")) {
                        Fault fault = nextSubmit.getAndSet(Fault.NONE);
                        if (fault == Fault.LOSE_REQUEST) {
                            closeBoth();
                            return;
                        }
                        submitsForwarded.incrementAndGet();
                        if (fault == Fault.LOSE_ANSWER) {
                            dropAnswer = true; // set before the request leaves, so the answer cannot slip through
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth();
            }
        }

        void toClient() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = cluster.getInputStream();
                    OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (dropAnswer) {
                        closeBoth(); // the cluster answered; the portal never hears it
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth();
            }
        }

        void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                cluster.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
