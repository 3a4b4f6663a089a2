package io.federa.support;

import java.util.List;

/** Removes what a test created in Slurm accounting, if it got that far (the clusters are shared). */
public final class SlurmCleanup {

    private SlurmCleanup() {}

    /** Deletes {@code account} (with its associations) and {@code qos} on {@code cluster}, where they exist. */
    public static void deleteAccountAndQos(SlurmTestClusters slurm, String cluster, String account, String qos) {
        if (slurm.run(cluster, List.of("sacctmgr", "-Pn", "show", "account", account))
                .contains(account)) {
            slurm.run(cluster, List.of("sacctmgr", "-i", "delete", "account", "name=" + account));
        }
        if (slurm.run(cluster, List.of("sacctmgr", "-Pn", "show", "qos", qos, "format=name"))
                .contains(qos)) {
            slurm.run(cluster, List.of("sacctmgr", "-i", "delete", "qos", "name=" + qos));
        }
    }
}
