package io.federa.runs.ui;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One daemon thread that runs a view's deferred work (a throttled chart refresh) a little later; the
 * task itself only hands the work to the view's UI with {@code UI.access}.
 */
@Component
class Later {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "federa-view-later");
        t.setDaemon(true);
        return t;
    });

    void run(Duration after, Runnable task) {
        executor.schedule(task, Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
