package io.federa.mirror.internal;

import io.federa.access.TeamAccounts;
import io.federa.mirror.JobsMirrored;
import io.federa.mirror.UsageRecorded;
import io.federa.quota.JobUsage;
import io.federa.quota.Usage;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Feeds the usage ledger from the job mirror: every started job, under the team that owns its
 * (cluster, account); jobs of unmapped accounts are not recorded. Which jobs are due is kept in the
 * mirror itself ({@code usage_recorded_at}, reset by every real change of a job), so nothing is lost
 * between a poll and a crash, and the first sweep after start backfills whatever is missing. Running
 * jobs count up to "now" and are re-recorded every {@code federa.mirror.usage-refresh}. See
 * docs/adr/0010-usage-ledger.md.
 */
@Component
class UsageFeeder {

    private static final Logger log = LoggerFactory.getLogger(UsageFeeder.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES_PER_FEED = 100;

    private final JdbcJobStore store;
    private final TeamAccounts teamAccounts;
    private final Usage usage;
    private final Clock clock;
    private final MirrorProperties props;
    private final ApplicationEventPublisher events;
    private final ReentrantLock feeding = new ReentrantLock();

    UsageFeeder(
            JdbcJobStore store,
            TeamAccounts teamAccounts,
            Usage usage,
            Clock clock,
            MirrorProperties props,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.teamAccounts = teamAccounts;
        this.usage = usage;
        this.clock = clock;
        this.props = props;
    }

    /** Right after a poll's changes commit, on the poller's thread. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(JobsMirrored event) {
        feed();
    }

    /** Backfill after start, and the refresh of running jobs. */
    @Scheduled(
            initialDelayString = "${federa.mirror.usage-tick:5s}",
            fixedDelayString = "${federa.mirror.usage-tick:5s}")
    void sweep() {
        feed();
    }

    /** Records every due job; returns how many were recorded. One feed at a time: others skip. */
    int feed() {
        if (!feeding.tryLock()) {
            return 0;
        }
        try {
            int recorded = 0;
            Map<String, Optional<String>> teams = new HashMap<>();
            for (int batch = 0; batch < MAX_BATCHES_PER_FEED; batch++) {
                Instant now = clock.instant();
                List<JdbcJobStore.UsageDue> due = store.usageDue(now.minus(props.usageRefresh()), BATCH);
                for (JdbcJobStore.UsageDue job : due) {
                    Optional<String> team = teams.computeIfAbsent(
                            job.cluster() + "\u0000" + job.account(),
                            k -> teamAccounts.teamOf(job.cluster(), job.account()));
                    if (team.isPresent()) {
                        usage.record(new JobUsage(
                                job.cluster(), job.jobId(), team.get(), job.start(), end(job), job.cpus(), job.gpus()));
                        recorded++;
                    }
                    store.markUsageRecorded(job, now);
                }
                if (due.size() < BATCH) {
                    break;
                }
            }
            if (recorded > 0) {
                log.debug("recorded the usage of {} job(s)", recorded);
                events.publishEvent(new UsageRecorded(recorded));
            }
            return recorded;
        } catch (RuntimeException e) {
            // the jobs stay due: the next sweep tries again
            log.warn("recording usage failed: {}", e.toString());
            return 0;
        } finally {
            feeding.unlock();
        }
    }

    /**
     * For an open job Slurm's end time is only its expected end, so it counts up to now (null). A job
     * settled as lost has no end: it counts up to when it was found missing.
     */
    private static @Nullable Instant end(JdbcJobStore.UsageDue job) {
        if (!job.isFinal()) {
            return null;
        }
        return job.end() != null ? job.end() : job.mirroredAt();
    }
}
