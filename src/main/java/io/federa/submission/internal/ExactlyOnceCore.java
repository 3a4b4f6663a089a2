package io.federa.submission.internal;

import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SubmitResult;
import io.federa.mirror.CarryingJob;
import io.federa.mirror.JobMirror;
import io.federa.submission.ExactlyOnce;
import io.federa.submission.SubmissionLedger;
import io.federa.submission.SubmissionLedger.Unanswered;
import io.federa.submission.SubmissionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The submit-exactly-once core: sends, keeps the in-flight set, and reconciles every ledger's
 * submissions without a job. Never sends anything but the one submit; the reconciler only reads.
 */
@Service
class ExactlyOnceCore implements ExactlyOnce {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceCore.class);

    private final SlurmClients clients;
    private final JobMirror mirror;
    private final ObjectProvider<SubmissionLedger> ledgers;
    private final Clock clock;
    private final SubmissionProperties props;
    /** Comments of submissions whose request this portal is sending right now: not looked for meanwhile. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    ExactlyOnceCore(
            SlurmClients clients,
            JobMirror mirror,
            ObjectProvider<SubmissionLedger> ledgers,
            Clock clock,
            SubmissionProperties props) {
        this.clients = clients;
        this.mirror = mirror;
        this.ledgers = ledgers;
        this.clock = clock;
        this.props = props;
    }

    @Override
    public Outcome send(SubmissionLedger ledger, String id, String cluster, String slurmUser, JobSubmission job) {
        String comment = ledger.comment(id);
        if (!comment.equals(job.comment())) {
            throw new IllegalArgumentException("the job of " + ledger.kind() + " " + id + " must carry " + comment);
        }
        inFlight.add(comment);
        try {
            SubmitResult result = clients.forCluster(cluster).submit(slurmUser, job);
            ledger.jobFound(id, result.jobId(), String.join(" ", result.warnings()));
            log.info("{} {} submitted to {} as {} {}", ledger.kind(), id, cluster, ledger.jobWord(), result.jobId());
            return Outcome.ACCEPTED;
        } catch (SlurmException e) {
            ledger.ended(id, false, "Slurm refused the " + ledger.jobWord() + ": " + e.getMessage());
            return Outcome.REFUSED;
        } catch (ClusterUnavailableException e) {
            if (!e.mayHaveReachedCluster()) {
                ledger.ended(
                        id,
                        false,
                        "Not submitted: " + e.getMessage() + ". Nothing reached the cluster; submit again later.");
                return Outcome.NOT_SENT;
            }
            ledger.stillOpen(
                    id,
                    "The answer of cluster " + cluster + " to the submission was lost (" + e.getMessage() + "); "
                            + lookingFor(ledger) + ".");
            log.warn("{} {}: submit answer from {} lost ({}); reconciling", ledger.kind(), id, cluster, e.getMessage());
            return Outcome.ANSWER_LOST;
        } finally {
            inFlight.remove(comment);
        }
    }

    private static String lookingFor(SubmissionLedger ledger) {
        return "the portal is looking for the " + ledger.jobWord() + " by its " + ledger.kind()
                + " id and never sends it twice";
    }

    private record Open(SubmissionLedger ledger, Unanswered submission) {}

    /** Every ledger's submissions without a job, per cluster: the cluster's job list is read once a pass. */
    @Scheduled(fixedDelayString = "${federa.submission.reconcile-interval:5s}")
    void reconcile() {
        Map<String, List<Open>> byCluster = new LinkedHashMap<>();
        ledgers.orderedStream().forEach(ledger -> {
            for (String cluster : ledger.clustersWithoutJob()) {
                for (Unanswered u : ledger.withoutJob(cluster)) {
                    if (!inFlight.contains(ledger.comment(u.id()))) {
                        byCluster
                                .computeIfAbsent(cluster, c -> new ArrayList<>())
                                .add(new Open(ledger, u));
                    }
                }
            }
        });
        byCluster.forEach((cluster, open) -> {
            try {
                findLostAnswers(cluster, open);
            } catch (RuntimeException e) {
                log.warn("looking for the jobs of submissions on {} failed", cluster, e);
            }
        });
    }

    /** The mirror first, then the cluster's own list (which also holds jobs that ended recently). */
    private void findLostAnswers(String cluster, List<Open> open) {
        List<SlurmJob> listed = null;
        String unavailable = null;
        for (Open o : open) {
            SubmissionLedger ledger = o.ledger();
            Unanswered u = o.submission();
            String comment = ledger.comment(u.id());
            Optional<Long> found = pick(ledger, u, mirror.carrying(cluster, comment, u.slurmUser(), u.account()));
            if (found.isEmpty() && listed == null && unavailable == null) {
                try {
                    listed = clients.forCluster(cluster).jobs(null).jobs();
                } catch (ClusterUnavailableException | SlurmException e) {
                    unavailable = e.getMessage();
                }
            }
            if (found.isEmpty() && listed != null) {
                found = pick(
                        ledger,
                        u,
                        listed.stream()
                                .filter(j -> comment.equals(j.comment())
                                        && u.slurmUser().equals(j.user())
                                        && u.account().equalsIgnoreCase(j.account()))
                                .map(j -> new CarryingJob(j.jobId(), j.arrayJobId()))
                                .toList());
            }
            if (found.isPresent()) {
                log.info(
                        "{} {}: found {} {} on {} after a lost submit answer",
                        ledger.kind(),
                        u.id(),
                        ledger.jobWord(),
                        found.get(),
                        cluster);
                ledger.jobFound(
                        u.id(),
                        found.get(),
                        "found on the cluster by its " + ledger.kind() + " id after the submit answer was lost");
                continue;
            }
            if (u.lost()) {
                continue; // already given up; adopted above if its job ever turns up
            }
            Instant started = u.submitStartedAt();
            Duration waited = Duration.between(started == null ? clock.instant() : started, clock.instant());
            if (listed != null && waited.compareTo(props.lostAfter()) >= 0) {
                ledger.ended(
                        u.id(),
                        true,
                        "The answer of cluster " + cluster + " to the submission was lost, and " + waited.toSeconds()
                                + " s later the cluster has no " + ledger.jobWord() + " for this " + ledger.kind()
                                + " (neither in its job list nor in the portal's mirror). Nothing runs for it and "
                                + "nothing was sent again; submit it again.");
            } else {
                ledger.stillOpen(
                        u.id(),
                        "The answer of cluster " + cluster + " to the submission was lost; " + lookingFor(ledger) + " ("
                                + (listed == null
                                        ? "the cluster cannot be asked right now (" + unavailable + ")"
                                        : "the cluster has no such job yet")
                                + ").");
            }
        }
    }

    /**
     * The submission's job among those carrying its comment: the lowest job id; for a job array every
     * task carries it, so the array's id (the lowest of their array ids, or of the job ids).
     */
    private static Optional<Long> pick(SubmissionLedger ledger, Unanswered u, List<CarryingJob> carrying) {
        List<Long> ids = carrying.stream()
                .map(j -> ledger.jobArray() && j.arrayJobId() != null ? j.arrayJobId() : j.jobId())
                .distinct()
                .sorted()
                .toList();
        if (ids.size() > 1 && !ledger.jobArray()) {
            // cannot come from the portal (it never re-sends); someone copied the comment by hand
            log.warn("{} {}: {} jobs carry its id; following the first, {}", ledger.kind(), u.id(), ids.size(), ids);
        }
        return ids.stream().findFirst();
    }
}
