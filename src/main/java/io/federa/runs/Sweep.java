package io.federa.runs;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sweep: one Slurm job array whose tasks are the trials, each trial a {@link Run} of its own (see
 * docs/adr/0012-sweeps-as-job-arrays.md).
 *
 * @param id {@code s-} and 12 base32 characters, carried in the array's comment as {@code
 *     federa-sweep=<id>}
 * @param script the user's script, without the generated preamble (which holds the trials' tokens)
 * @param space the parameter space in {@link SweepSpace} notation, one parameter a line
 * @param cpusPerTrial CPUs one trial holds; the quota holds this times {@code maxConcurrent}
 * @param arrayJobId the array's job id (A), null until Slurm took it (or the portal found it again)
 */
public record Sweep(
        String id,
        String team,
        String owner,
        String cluster,
        String slurmUser,
        String account,
        SweepState state,
        String stateReason,
        String script,
        String space,
        SweepSpec.Strategy strategy,
        int samples,
        long seed,
        String objectiveMetric,
        SweepObjective.Goal goal,
        int maxConcurrent,
        int trialCount,
        String jobName,
        int cpusPerTrial,
        int gpusPerTrial,
        @Nullable String partition,
        @Nullable Integer timeLimitMinutes,
        @Nullable Long arrayJobId,
        Instant createdAt,
        @Nullable Instant submittedAt,
        @Nullable Instant endedAt,
        List<String> notes) {

    public Sweep {
        notes = List.copyOf(notes);
    }

    /** Who and where the sweep's trials run: as the sweep, with the run's git commit. */
    public Run.Origin origin(@Nullable String gitCommit) {
        return new Run.Origin(team, owner, cluster, slurmUser, account, script, gitCommit);
    }
}
