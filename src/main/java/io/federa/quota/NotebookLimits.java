package io.federa.quota;

import org.jspecify.annotations.Nullable;

/**
 * Notebook limits of a team (portal-wide: on Kubernetes and on Slurm together); null = no limit.
 *
 * @param maxPerPerson notebooks one person may have open at once under the team
 * @param maxPerTeam notebooks the whole team may have open at once
 */
public record NotebookLimits(
        @Nullable Integer maxPerPerson, @Nullable Integer maxPerTeam) {

    public static final NotebookLimits NONE = new NotebookLimits(null, null);
}
