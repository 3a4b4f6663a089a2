package io.federa.runs;

import io.federa.submission.RunRequest;
import org.jspecify.annotations.Nullable;

/**
 * A sweep as a person asks for it: one script, a parameter space, and the resources of one trial
 * (form values replace the script's {@code #SBATCH} values, as for {@link RunRequest}).
 *
 * @param objectiveMetric the metric whose final value ranks the trials (e.g. "loss")
 * @param maxConcurrent trials that may run at once (the array's {@code %} limit); null: min(trials,
 *     4). The team's quota holds one trial's resources times this number.
 */
public record SweepRequest(
        String team,
        String cluster,
        String script,
        @Nullable Integer tasks,
        @Nullable Integer cpusPerTask,
        @Nullable Integer gpus,
        @Nullable String partition,
        @Nullable String timeLimit,
        @Nullable String jobName,
        @Nullable String gitCommit,
        SweepSpec spec,
        String objectiveMetric,
        SweepObjective.Goal goal,
        @Nullable Integer maxConcurrent) {

    public static SweepRequest of(
            String team,
            String cluster,
            String script,
            SweepSpec spec,
            String objectiveMetric,
            SweepObjective.Goal goal,
            @Nullable Integer maxConcurrent) {
        return new SweepRequest(
                team,
                cluster,
                script,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                spec,
                objectiveMetric,
                goal,
                maxConcurrent);
    }

    /** The request of one trial as a run, without its parameters: what {@link Runs#check} checks. */
    public RunRequest asRunRequest() {
        return new RunRequest(
                team,
                cluster,
                script,
                tasks,
                cpusPerTask,
                gpus,
                partition,
                timeLimit,
                jobName,
                gitCommit,
                java.util.Map.of());
    }
}
