package io.federa.support;

import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import java.util.Set;

/** Registers the local clusters c1 and c2 in a test's portal and maps the demo teams, once. */
public final class Federation {

    private Federation() {}

    public static void registerLocalClusters(ClusterRegistry registry, TeamAccounts accounts, SlurmTestClusters slurm) {
        SystemTasks.runAsSystem(() -> {
            var known = registry.overview().stream().map(ClusterOverview::name).toList();
            for (String cluster : new String[] {"c1", "c2"}) {
                if (!known.contains(cluster)) {
                    registry.register(slurm.settings(cluster));
                    accounts.map(new TeamAccount(cluster, "team-a", "team-a"));
                    accounts.map(new TeamAccount(cluster, "team-b", "team-b"));
                }
            }
            return null;
        });
    }

    public static CurrentUser alice() {
        return CurrentUser.of("sub-alice", "alice", "Alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a"));
    }

    public static CurrentUser bob() {
        return CurrentUser.of("sub-bob", "bob", "Bob", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-b"));
    }

    public static CurrentUser carol() {
        return CurrentUser.of("sub-carol", "carol", "Carol", "", Set.of(Roles.PORTAL_ADMIN), Set.of());
    }
}
