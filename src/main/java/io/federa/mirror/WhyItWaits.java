package io.federa.mirror;

import io.federa.access.TeamAccounts;
import io.federa.clusters.JobState;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Why a pending job waits, in plain words and, where a team quota holds it, with the numbers: Slurm
 * says only "QOSGrpCpuLimit"; the portal knows whose quota that is, how large it is, and whether the
 * job can ever fit in it. Reads the database only.
 */
@Component
public class WhyItWaits {

    private final TeamAccounts teamAccounts;
    private final Quotas quotas;

    WhyItWaits(TeamAccounts teamAccounts, Quotas quotas) {
        this.teamAccounts = teamAccounts;
        this.quotas = quotas;
    }

    /** The explanation, or "" when the job does not wait. */
    public String explain(MirroredJob job) {
        if (job.state() != JobState.PENDING) {
            return "";
        }
        String words = PendingReasons.inWords(job.stateReason());
        Optional<TeamQuota> quota =
                teamAccounts.teamOf(job.cluster(), job.account()).flatMap(team -> quotas.quotaOf(team, job.cluster()));
        if (quota.isEmpty()) {
            return capitalized(words);
        }
        TeamQuota q = quota.get();
        return switch (job.stateReason()) {
            case "QOSGrpCpuLimit", "AssocGrpCpuLimit" -> limit("CPUs", job.cpus(), q.maxCpus(), q, words);
            case "QOSGrpGRES", "AssocGrpGRES" -> limit("GPUs", job.gpus(), q.maxGpus(), q, words);
            case "QOSGrpJobsLimit", "AssocGrpJobsLimit" ->
                q.maxJobs() == null
                        ? capitalized(words)
                        : "Team " + q.team() + " may run " + q.maxJobs() + " job(s) at once on " + q.cluster()
                                + " (its quota) and its other jobs use them all: this job starts when one of"
                                + " them ends.";
            case "QOSGrpCPUMinutesLimit", "AssocGrpCPUMinutesLimit" ->
                q.cpuHoursPerMonth() == null
                        ? capitalized(words)
                        : "Team " + q.team() + " has used its " + q.cpuHoursPerMonth() + " CPU-hours on " + q.cluster()
                                + ": the job waits until the quota is raised or renewed.";
            default -> capitalized(words);
        };
    }

    private static String limit(String what, int asked, @Nullable Integer max, TeamQuota q, String words) {
        if (max == null) {
            return capitalized(words);
        }
        if (asked > max) {
            return "It asks for " + asked + " " + what + ", but team " + q.team() + " may use at most " + max + " "
                    + what + " at once on " + q.cluster() + " (its quota), so it will never start as it is: "
                    + "cancel it and ask for " + max + " or fewer, or ask a portal admin to raise the quota.";
        }
        return "Team " + q.team() + " may use " + max + " " + what + " at once on " + q.cluster() + " (its quota)"
                + " and its other jobs hold them: this job starts when enough of them end.";
    }

    private static String capitalized(String words) {
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".";
    }
}
