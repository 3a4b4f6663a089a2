package io.federa.mirror.web;

import io.federa.mirror.MirroredJob;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A mirrored job as {@code /api/jobs} answers it (its own body, not the domain record). */
public record JobBody(
        String cluster,
        long jobId,
        String name,
        String user,
        String account,
        String partition,
        String state,
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
        Instant mirroredAt) {

    static JobBody of(MirroredJob d) {
        return new JobBody(
                d.cluster(),
                d.jobId(),
                d.name(),
                d.user(),
                d.account(),
                d.partition(),
                d.state().name(),
                d.stateFlags(),
                d.stateReason(),
                d.submitTime(),
                d.startTime(),
                d.endTime(),
                d.cpus(),
                d.gpus(),
                d.nodeCount(),
                d.nodes(),
                d.timeLimitMinutes(),
                d.exitCode(),
                d.comment(),
                d.mirroredAt());
    }
}
