package io.federa.quota;

import org.jspecify.annotations.Nullable;

/**
 * A team's limits on one cluster; a null limit means "no limit".
 *
 * @param maxCpus CPUs the team's running and queued portal work may hold at once
 * @param maxGpus GPUs likewise
 * @param maxJobs jobs the team may have running or queued through the portal at once
 * @param cpuHoursPerMonth CPU-hours the team may use per calendar month (UTC) on the cluster
 * @param gpuHoursPerMonth GPU-hours likewise
 */
public record TeamQuota(
        String team,
        String cluster,
        @Nullable Integer maxCpus,
        @Nullable Integer maxGpus,
        @Nullable Integer maxJobs,
        @Nullable Integer cpuHoursPerMonth,
        @Nullable Integer gpuHoursPerMonth) {

    /** Only the concurrent limits; no monthly hours. */
    public static TeamQuota concurrent(
            String team,
            String cluster,
            @Nullable Integer maxCpus,
            @Nullable Integer maxGpus,
            @Nullable Integer maxJobs) {
        return new TeamQuota(team, cluster, maxCpus, maxGpus, maxJobs, null, null);
    }
}
