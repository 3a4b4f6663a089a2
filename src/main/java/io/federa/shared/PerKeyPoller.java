package io.federa.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work per key (per cluster) every {@code interval}, each on its own virtual
 * thread, never two at once for the same key. A slow or hanging key only delays itself. Call {@link
 * #tick} often (every second); keys that disappear from the collection simply stop being polled.
 */
public final class PerKeyPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PerKeyPoller.class);

    private final String name;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<String> work;
    private final Map<String, Instant> nextRun = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    public PerKeyPoller(String name, Duration interval, Clock clock, Consumer<String> work) {
        this.name = name;
        this.interval = interval;
        this.clock = clock;
        this.work = work;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(name + "-", 0).factory());
    }

    public void tick(Collection<String> keys) {
        Instant now = clock.instant();
        nextRun.keySet().retainAll(keys);
        for (String key : keys) {
            if (now.isBefore(nextRun.getOrDefault(key, Instant.MIN))) {
                continue;
            }
            if (running.putIfAbsent(key, Boolean.TRUE) != null) {
                continue;
            }
            nextRun.put(key, now.plus(interval));
            executor.execute(() -> {
                try {
                    work.accept(key);
                } catch (RuntimeException e) {
                    log.warn("{} for {} failed", name, key, e);
                } finally {
                    running.remove(key);
                }
            });
        }
    }

    /** Makes {@code key} due at the next tick (after a change an admin expects to see at once). */
    public void runSoon(String key) {
        nextRun.remove(key);
    }

    /** Interrupts the work in flight (a Slurm call on a virtual thread ends at once) and waits up to 1 s for it. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("{}: work still running after 1 s; leaving it", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
