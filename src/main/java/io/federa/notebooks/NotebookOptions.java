package io.federa.notebooks;

import io.federa.quota.NotebookLimits;
import java.util.List;

/**
 * What the New notebook form offers a person for a team.
 *
 * @param places where a notebook may run, with what each offers
 * @param limits the team's notebook limits
 * @param openByMe notebooks the person has open under the team now
 * @param openByTeam notebooks the team has open now
 */
public record NotebookOptions(
        String team,
        List<Place> places,
        List<NotebookImage> images,
        IdleCullBounds idleCull,
        NotebookLimits limits,
        int openByMe,
        int openByTeam) {

    /**
     * A cluster a notebook may run on.
     *
     * @param maxGpus the most GPUs one notebook may ask for there (0: the cluster has none)
     * @param maxCpus the most CPUs one node offers
     */
    public record Place(NotebookKind kind, String cluster, int maxCpus, int maxGpus) {

        public String label() {
            return kind.label() + " " + cluster;
        }
    }

    /** The quota in words, shown before starting: "you have 1 of 2 open; the team 3 of 10". */
    public String quotaInWords() {
        String me = limits.maxPerPerson() == null
                ? "You have " + openByMe + " open (no personal limit)"
                : "You have " + openByMe + " of " + limits.maxPerPerson() + " open";
        String all = limits.maxPerTeam() == null
                ? "team " + team + " has " + openByTeam + " (no team limit)"
                : "team " + team + " has " + openByTeam + " of " + limits.maxPerTeam();
        return me + "; " + all + ".";
    }
}
