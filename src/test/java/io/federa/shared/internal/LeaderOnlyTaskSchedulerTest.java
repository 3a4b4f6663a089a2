package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.shared.Leadership;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class LeaderOnlyTaskSchedulerTest {

    @Test
    void a_scheduled_task_does_its_work_only_while_the_replica_leads_and_starts_when_it_becomes_leader() {
        var leads = new AtomicBoolean(false);
        Leadership leadership = leads::get;
        var delegate = new ThreadPoolTaskScheduler();
        delegate.initialize();
        var runs = new AtomicInteger();
        try {
            new LeaderOnlyTaskScheduler(delegate, leadership)
                    .scheduleWithFixedDelay(runs::incrementAndGet, Duration.ofMillis(20));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 0);
            leads.set(true);
            await().atMost(Duration.ofSeconds(2)).until(() -> runs.get() >= 3);
            leads.set(false);
            int stopped = runs.get();
            await().during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> runs.get() <= stopped + 1); // at most the run in flight
            assertThat(runs.get()).isLessThanOrEqualTo(stopped + 1);
        } finally {
            delegate.shutdown();
        }
    }
}
