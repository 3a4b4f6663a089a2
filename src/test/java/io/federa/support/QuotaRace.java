package io.federa.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.quota.QuotaExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Reservations against a quota started all at once, on their own threads, to catch races. */
public final class QuotaRace {

    private QuotaRace() {}

    /**
     * Starts {@code n} reservations at once ({@code reservation} makes the i-th); returns how many
     * passed. Every other one must have been refused with {@link QuotaExceededException}.
     */
    public static int passed(int n, IntFunction<Runnable> reservation) throws Exception {
        var start = new CountDownLatch(1);
        var passed = new AtomicInteger();
        var refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Runnable r = reservation.apply(i);
            all.add(pool.submit(() -> {
                start.await();
                try {
                    r.run();
                    passed.incrementAndGet();
                } catch (QuotaExceededException e) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        assertThat(passed.get() + refused.get()).isEqualTo(n);
        return passed.get();
    }
}
