package io.federa.submission;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a person asks to run. Form values, where given, replace the script's {@code #SBATCH} values
 * (the run's notes say so); null means "as the script says, else Slurm's default".
 *
 * @param cluster a cluster's name, or {@link RunRouting#ANY} for "any eligible cluster" (the portal
 *     chooses and writes down why)
 * @param script the user's own script; blank when {@code template} is given
 * @param timeLimit in any Slurm format ("90", "1:30:00", "1-00:00:00")
 * @param params names as environment variables take them; each reaches the job as {@code
 *     FEDERA_PARAM_<NAME>} and is stored with the run
 * @param template the id of a {@code RunTemplate} (module templates) to render instead of {@code script}; null: none
 * @param templateValues the template's parameter values by name (blank or missing: the default)
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
        Map<String, String> params,
        @Nullable String template,
        Map<String, String> templateValues) {

    public RunRequest {
        params = Map.copyOf(params);
        templateValues = Map.copyOf(templateValues);
    }

    /** A request from the user's own script. */
    public RunRequest(
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
        this(
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
                params,
                null,
                Map.of());
    }

    /** A run of {@code script} as it is, with no form values. */
    public static RunRequest of(String team, String cluster, String script) {
        return new RunRequest(team, cluster, script, null, null, null, null, null, null, null, Map.of());
    }

    /** A run of template {@code templateId} with {@code values}, with no form values. */
    public static RunRequest fromTemplate(String team, String cluster, String templateId, Map<String, String> values) {
        return new RunRequest(
                team, cluster, "", null, null, null, null, null, null, null, Map.of(), templateId, values);
    }

    /** Does the person leave the choice of cluster to the portal? */
    public boolean anyCluster() {
        return RunRouting.ANY.equalsIgnoreCase(cluster.trim());
    }

    public RunRequest withCluster(String name) {
        return new RunRequest(
                team,
                name,
                script,
                tasks,
                cpusPerTask,
                gpus,
                partition,
                timeLimit,
                jobName,
                gitCommit,
                params,
                template,
                templateValues);
    }

    /** The same request with the script (and params) a template rendered into. */
    public RunRequest withScript(String renderedScript, Map<String, String> allParams) {
        return new RunRequest(
                team,
                cluster,
                renderedScript,
                tasks,
                cpusPerTask,
                gpus,
                partition,
                timeLimit,
                jobName,
                gitCommit,
                allParams,
                template,
                templateValues);
    }
}
