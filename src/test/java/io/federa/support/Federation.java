package io.federa.support;

import static org.awaitility.Awaitility.await;

import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import java.time.Duration;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/** Registers the local clusters c1 and c2 in a test's portal and maps the demo teams, once; the demo people. */
public final class Federation {

    private Federation() {}

    /**
     * Registers c1 and c2 unless they are, and maps team-a and team-b to their accounts there unless
     * they are mapped: also when an earlier test of the same context registered the cluster without
     * them (a test that needs the demo teams never depends on which tests ran before it). A mapping a
     * test changed (its partitions) is left as it is.
     */
    public static void registerLocalClusters(ClusterRegistry registry, TeamAccounts accounts, SlurmTestClusters slurm) {
        SystemTasks.runAsSystem(() -> {
            var known = registry.overview().stream().map(ClusterOverview::name).toList();
            var mapped = accounts.all().stream()
                    .map(a -> a.cluster() + "/" + a.team())
                    .collect(java.util.stream.Collectors.toSet());
            for (String cluster : new String[] {"c1", "c2"}) {
                if (!known.contains(cluster)) {
                    registry.register(slurm.settings(cluster));
                }
                for (String team : new String[] {"team-a", "team-b"}) {
                    if (!mapped.contains(cluster + "/" + team)) {
                        accounts.map(new TeamAccount(cluster, team, team));
                    }
                }
            }
            return null;
        });
    }

    /**
     * What run and sweep tests need on top of {@link #registerLocalClusters}: alice is Slurm user alice
     * on c1, alice and bob have logged in once (so the portal knows their teams), and c1's partitions
     * have been read.
     */
    public static void readyForRuns(
            ClusterRegistry registry,
            PersonSlurmUsers slurmUsers,
            ApplicationEventPublisher events,
            TransactionTemplate tx) {
        SystemTasks.runAsSystem(() -> {
            slurmUsers.map("c1", "alice", "alice");
            return null;
        });
        demoPeopleLoggedIn(events, tx);
        awaitPartitions(registry, "c1");
    }

    /** As if alice and bob had logged in: the portal knows their teams (memberships scope every read). */
    public static void demoPeopleLoggedIn(ApplicationEventPublisher events, TransactionTemplate tx) {
        tx.executeWithoutResult(s -> {
            events.publishEvent(new UserLoggedIn(alice()));
            events.publishEvent(new UserLoggedIn(bob()));
        });
    }

    /** Waits (up to 30 s) until the portal has read the cluster's partitions. */
    public static void awaitPartitions(ClusterRegistry registry, String cluster) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.overview().stream()
                        .filter(c -> c.name().equals(cluster))
                        .map(ClusterOverview::partitions)
                        .anyMatch(p -> !p.isEmpty()));
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
