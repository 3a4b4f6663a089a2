package io.federa.quota;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one job used, as the ledger records it: {@code cpus} and {@code gpus} held from {@code start}
 * to {@code end}. Keyed by (cluster, job id): recording the same job again replaces what it counted.
 *
 * @param end null while the job runs: it then counts up to the moment it is recorded
 */
public record JobUsage(
        String cluster,
        long jobId,
        String team,
        Instant start,
        @Nullable Instant end,
        int cpus,
        int gpus) {

    public JobUsage {
        if (cpus < 0 || gpus < 0) {
            throw new IllegalArgumentException("negative resources");
        }
    }
}
