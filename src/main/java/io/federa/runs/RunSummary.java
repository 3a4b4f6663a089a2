package io.federa.runs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A run as a list shows it (no script, params or tags). */
public record RunSummary(
        String id,
        String team,
        String owner,
        String cluster,
        String jobName,
        RunState state,
        String stateReason,
        @Nullable Long slurmJobId,
        Instant createdAt,
        @Nullable Instant endedAt) {}
