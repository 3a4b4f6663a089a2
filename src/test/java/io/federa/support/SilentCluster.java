package io.federa.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A "slurmrestd" that accepts connections and never answers: every call to it hangs until the
 * caller gives up. For tests that need a Slurm call in flight.
 */
public final class SilentCluster implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public SilentCluster() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("silent-cluster").start(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections accepted and still open on the caller's side (a read returns -1 once it closed). */
    public long openCalls() {
        return held.stream().filter(s -> !peerClosed(s)).count();
    }

    private static boolean peerClosed(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false; // open, nothing sent
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
