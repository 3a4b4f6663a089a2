package io.federa.runs;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One trial of a sweep as it stands: its run, its parameters and the final value of the sweep's
 * objective metric.
 *
 * @param index the array task id that runs it
 * @param slurmJobId the task's own job id once Slurm split it off the waiting array, else null
 * @param objectiveValue the metric's value at its highest step, null while the trial reported none
 */
public record SweepTrialRun(
        int index,
        String runId,
        RunState state,
        String stateReason,
        Map<String, String> params,
        @Nullable Long slurmJobId,
        @Nullable Double objectiveValue) {

    public SweepTrialRun {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
