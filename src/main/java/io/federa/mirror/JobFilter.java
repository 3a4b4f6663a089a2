package io.federa.mirror;

import io.federa.clusters.JobState;
import org.jspecify.annotations.Nullable;

/** Filters of the Jobs page; null or blank means "any". Text filters match exactly. */
public record JobFilter(
        @Nullable String cluster,
        @Nullable JobState state,
        @Nullable String user,
        @Nullable String account,
        @Nullable String partition) {

    public static JobFilter none() {
        return new JobFilter(null, null, null, null, null);
    }
}
