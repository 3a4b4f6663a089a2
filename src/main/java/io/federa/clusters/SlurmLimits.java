package io.federa.clusters;

import org.jspecify.annotations.Nullable;

/**
 * Limits of a QOS or an association; null means no limit. TRES limits ({@code grpCpus}, {@code
 * grpGpus} = GrpTRES cpu / gres/gpu, {@code grpCpuMinutes}, {@code grpGpuMinutes} = GrpTRESMins)
 * and job counts ({@code grpJobs} = GrpJobs; {@code maxSubmitJobs} = MaxSubmitJobs of an association,
 * MaxSubmitJobsPerUser of a QOS).
 *
 * <p>TRES minutes of a QOS exist only from REST v0.0.42 on: older versions always read null there
 * and refuse to set them.
 */
public record SlurmLimits(
        @Nullable Integer grpCpus,
        @Nullable Integer grpGpus,
        @Nullable Integer grpJobs,
        @Nullable Integer maxSubmitJobs,
        @Nullable Long grpCpuMinutes,
        @Nullable Long grpGpuMinutes) {

    public static final SlurmLimits NONE = new SlurmLimits(null, null, null, null, null, null);
}
