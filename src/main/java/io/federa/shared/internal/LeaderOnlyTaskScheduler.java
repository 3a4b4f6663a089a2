package io.federa.shared.internal;

import io.federa.shared.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * Schedules on another scheduler, but each run of a task does its work only while this replica leads
 * (ADR 29). The schedule itself keeps going, so a replica that becomes leader starts at its next tick.
 */
final class LeaderOnlyTaskScheduler implements TaskScheduler {

    private final TaskScheduler delegate;
    private final Leadership leadership;

    LeaderOnlyTaskScheduler(TaskScheduler delegate, Leadership leadership) {
        this.delegate = delegate;
        this.leadership = leadership;
    }

    Runnable gated(Runnable task) {
        return () -> {
            if (leadership.isLeader()) {
                task.run();
            }
        };
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        return delegate.schedule(gated(task), trigger);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        return delegate.schedule(gated(task), startTime);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        return delegate.scheduleAtFixedRate(gated(task), startTime, period);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return delegate.scheduleAtFixedRate(gated(task), period);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        return delegate.scheduleWithFixedDelay(gated(task), startTime, delay);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return delegate.scheduleWithFixedDelay(gated(task), delay);
    }
}
