package io.federa.runs;

import org.jspecify.annotations.Nullable;

/**
 * Which runs a list shows; null (or blank) means "any". The team is further limited to the teams the
 * user may act for.
 */
public record RunFilter(
        @Nullable String team,
        @Nullable RunState state,
        @Nullable String cluster) {

    public static final RunFilter ANY = new RunFilter(null, null, null);

    public RunFilter {
        team = team == null || team.isBlank() ? null : team;
        cluster = cluster == null || cluster.isBlank() ? null : cluster;
    }
}
