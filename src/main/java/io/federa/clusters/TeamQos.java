package io.federa.clusters;

import java.util.Locale;

/**
 * The one QOS per team and cluster that mirrors the team's portal quota into Slurm. Its name is a
 * convention shared by the module that pushes the limits ({@code quota}) and the module that attaches
 * the QOS to the team's associations ({@code access}): {@code federa-<team>-on-<cluster>}, in lower
 * case (Slurm lower-cases QOS names). One per cluster, not one per team, because clusters sharing a
 * slurmdbd share its QOS table while their quotas differ.
 */
public final class TeamQos {

    private TeamQos() {}

    public static String nameFor(String team, String cluster) {
        return ("federa-" + team + "-on-" + cluster).toLowerCase(Locale.ROOT);
    }
}
