package io.federa.jobs;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a person asks to run. Form values, where given, replace the script's {@code #SBATCH} values
 * (the run's notes say so); null means "as the script says, else Slurm's default".
 *
 * @param timeLimit in any Slurm format ("90", "1:30:00", "1-00:00:00")
 * @param params names as environment variables take them; each reaches the job as {@code
 *     FEDERA_PARAM_<NAME>} and is stored with the run
 */
public record RunRequest(
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
        Map<String, String> params) {

    public RunRequest {
        params = Map.copyOf(params);
    }

    /** A run of {@code script} as it is, with no form values. */
    public static RunRequest of(String team, String cluster, String script) {
        return new RunRequest(team, cluster, script, null, null, null, null, null, null, null, Map.of());
    }
}
