package io.federa.access.internal;

import io.federa.access.Plan;
import io.federa.access.PlannedChange;
import io.federa.access.PlannedChange.Kind;
import io.federa.access.TeamAccount;
import io.federa.access.UnmanagedAssociation;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The desired state of a cluster's Slurm accounting, from the portal, against what Slurm holds: a
 * pure function so that the rules (ADR 8) are tested without a cluster.
 *
 * <p>Per team mapped on the cluster: the team's QOS exists (created without limits, never
 * overwritten: its limits belong to module quota); the account has an association with the team QOS
 * as one of its QOS and as its default; every member with a Slurm user on the cluster has a user
 * association in the account with the same; Slurm users the portal maps to people who are not
 * members any more leave the account. Everything else is listed as unmanaged and left alone.
 */
final class PlanCalculator {

    private PlanCalculator() {}

    /** What the portal says about one cluster. */
    record Portal(
            String cluster,
            List<TeamAccount> mappings,
            Map<String, Set<String>> membersByTeam,
            Map<String, String> slurmUserByPerson) {}

    /** What Slurm accounting holds for the cluster. */
    record Slurm(List<SlurmAssociation> associations, List<SlurmQos> qos) {}

    static Plan plan(Portal portal, Slurm slurm, @Nullable String team, Instant now) {
        String cluster = portal.cluster();
        Set<String> qosNames = new HashSet<>();
        slurm.qos().forEach(q -> qosNames.add(q.name()));
        Map<String, String> personBySlurmUser = new HashMap<>();
        portal.slurmUserByPerson().forEach((person, user) -> personBySlurmUser.putIfAbsent(user, person));

        var changes = new ArrayList<PlannedChange>();
        var unmanaged = new ArrayList<UnmanagedAssociation>();
        Set<String> mappedAccounts = new HashSet<>();
        portal.mappings().forEach(m -> mappedAccounts.add(m.slurmAccount()));

        List<TeamAccount> inScope = portal.mappings().stream()
                .filter(m -> team == null || m.team().equals(team))
                .sorted(Comparator.comparing(TeamAccount::team))
                .toList();
        for (TeamAccount m : inScope) {
            String account = m.slurmAccount();
            String q = TeamQos.nameFor(m.team(), cluster);
            String mapped = "team " + m.team() + " computes under account " + account + " on " + cluster;
            if (!qosNames.contains(q)) {
                changes.add(new PlannedChange(
                        Kind.CREATE_QOS,
                        account,
                        null,
                        List.of(q),
                        null,
                        "new QOS " + q + " without limits (the team's quota sets them when it is saved)",
                        mapped + " and its QOS " + q + " does not exist"));
            }
            SlurmAssociation own = find(slurm, account, null);
            if (own == null) {
                changes.add(new PlannedChange(
                        Kind.CREATE_ACCOUNT,
                        account,
                        null,
                        List.of(q),
                        q,
                        "account " + account + " under root on " + cluster + ", QOS " + q + ", default QOS " + q,
                        mapped + " and the account has no association on " + cluster));
            } else if (!hasTeamQos(own, q)) {
                changes.add(setQos(own, q, mapped + "; its jobs must run under the team's QOS " + q));
            }

            Set<String> wanted = new TreeSet<>();
            for (String person : new TreeSet<>(portal.membersByTeam().getOrDefault(m.team(), Set.of()))) {
                String user = portal.slurmUserByPerson().get(person);
                if (user == null) {
                    continue;
                }
                wanted.add(user);
                String member =
                        person + " is a member of team " + m.team() + " and Slurm user " + user + " on " + cluster;
                SlurmAssociation assoc = find(slurm, account, user);
                if (assoc == null) {
                    changes.add(new PlannedChange(
                            Kind.ADD_USER,
                            account,
                            user,
                            List.of(q),
                            q,
                            "association of user " + user + " in account " + account + ", QOS " + q + ", default QOS "
                                    + q,
                            member));
                } else if (!hasTeamQos(assoc, q)) {
                    changes.add(setQos(assoc, q, member + "; the team's QOS " + q + " must apply to their jobs"));
                }
            }
            for (SlurmAssociation a : sorted(slurm.associations())) {
                if (!a.account().equals(account) || a.user() == null) {
                    continue;
                }
                if (a.partition() != null) {
                    unmanaged.add(new UnmanagedAssociation(
                            account,
                            a.user(),
                            a.partition(),
                            "a partition-specific association: set up outside "
                                    + "the portal, which manages associations for all partitions only"));
                    continue;
                }
                if (wanted.contains(a.user())) {
                    continue;
                }
                String person = personBySlurmUser.get(a.user());
                if (person != null) {
                    changes.add(new PlannedChange(
                            Kind.REMOVE_USER,
                            account,
                            a.user(),
                            List.of(),
                            null,
                            "removes the association of user " + a.user() + " with account " + account + " on "
                                    + cluster,
                            "Slurm user " + a.user() + " is " + person + ", who is not a member of team " + m.team()
                                    + " (any more)"));
                } else {
                    unmanaged.add(new UnmanagedAssociation(
                            account, a.user(), null, "no portal person is Slurm user " + a.user() + " on " + cluster));
                }
            }
        }
        if (team == null) {
            for (SlurmAssociation a : sorted(slurm.associations())) {
                if (!mappedAccounts.contains(a.account())) {
                    unmanaged.add(new UnmanagedAssociation(
                            a.account(), a.user(), a.partition(), "no team is mapped to account " + a.account()));
                }
            }
        }
        changes.sort(Comparator.comparing(PlannedChange::kind)); // stable: QOS before accounts before users
        return new Plan(
                cluster, team, now, changes, unmanaged, Plan.fingerprintOf(cluster, team, List.copyOf(changes)));
    }

    private static PlannedChange setQos(SlurmAssociation a, String q, String why) {
        var qos = new LinkedHashSet<>(a.qos());
        qos.add(q);
        return new PlannedChange(
                Kind.SET_ASSOCIATION_QOS,
                a.account(),
                a.user(),
                List.copyOf(qos),
                q,
                "QOS " + listed(a.qos()) + " → " + listed(List.copyOf(qos)) + "; default QOS "
                        + (a.defaultQos() == null ? "(none)" : a.defaultQos()) + " → " + q,
                why);
    }

    private static boolean hasTeamQos(SlurmAssociation a, String q) {
        return a.qos().contains(q) && q.equals(a.defaultQos());
    }

    private static @Nullable SlurmAssociation find(Slurm slurm, String account, @Nullable String user) {
        return slurm.associations().stream()
                .filter(a -> a.account().equals(account) && Objects.equals(a.user(), user) && a.partition() == null)
                .findFirst()
                .orElse(null);
    }

    private static List<SlurmAssociation> sorted(List<SlurmAssociation> associations) {
        return associations.stream()
                .sorted(Comparator.comparing(SlurmAssociation::account)
                        .thenComparing(a -> a.user() == null ? "" : a.user())
                        .thenComparing(a -> a.partition() == null ? "" : a.partition()))
                .toList();
    }

    private static String listed(List<String> qos) {
        return qos.isEmpty() ? "(none)" : String.join(",", qos);
    }
}
