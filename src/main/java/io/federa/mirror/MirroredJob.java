package io.federa.mirror;

import io.federa.clusters.JobState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job as last mirrored from its cluster.
 *
 * @param gpus GPUs from the job's allocated or requested TRES; 0 if none
 */
public record MirroredJob(
        String cluster,
        long jobId,
        String name,
        String user,
        String account,
        String partition,
        JobState state,
        String stateFlags,
        String stateReason,
        @Nullable Instant submitTime,
        @Nullable Instant startTime,
        @Nullable Instant endTime,
        int cpus,
        int gpus,
        int nodeCount,
        String nodes,
        @Nullable Integer timeLimitMinutes,
        @Nullable Integer exitCode,
        String comment,
        Instant mirroredAt) {}
