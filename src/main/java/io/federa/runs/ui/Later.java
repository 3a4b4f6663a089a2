package io.federa.runs.ui;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs a view's deferred work (a throttled chart refresh) a little later on the application's managed
 * scheduler (Spring Boot's task scheduler); no view starts threads of its own. The task itself only hands
 * the work to the view's UI with {@code UI.access}, so without a scheduler (scheduling switched off) it
 * is handed over at once.
 */
@Component
class Later {

    private final ObjectProvider<TaskScheduler> scheduler;
    private final Clock clock;

    Later(ObjectProvider<TaskScheduler> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void run(Duration after, Runnable task) {
        TaskScheduler s = scheduler.getIfUnique();
        if (s == null) {
            task.run();
        } else {
            s.schedule(task, clock.instant().plus(after.isNegative() ? Duration.ZERO : after));
        }
    }
}
