package io.federa.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.access.Plan;
import io.federa.access.PlannedChange;
import io.federa.access.PlannedChange.Kind;
import io.federa.access.TeamAccount;
import io.federa.access.UnmanagedAssociation;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmLimits;
import io.federa.clusters.SlurmQos;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The rules of the plan (ADR 8), without a cluster. */
class PlanCalculatorTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String Q = "federa-ml-on-c1";

    final PlanCalculator.Portal portal = new PlanCalculator.Portal(
            "c1",
            List.of(new TeamAccount("c1", "ml", "ml-acct"), new TeamAccount("c1", "other", "other-acct")),
            Map.of("ml", Set.of("alice", "nobody-mapped"), "other", Set.of("bob")),
            Map.of("alice", "alice", "bob", "bob", "carol", "carol"));

    @Test
    void a_new_team_gets_its_qos_account_and_members_in_that_order() {
        Plan plan = PlanCalculator.plan(portal, new PlanCalculator.Slurm(List.of(), List.of()), "ml", NOW);

        assertThat(plan.changes())
                .extracting(PlannedChange::kind)
                .containsExactly(Kind.CREATE_QOS, Kind.CREATE_ACCOUNT, Kind.ADD_USER);
        assertThat(plan.changes().get(1).qos()).containsExactly(Q);
        assertThat(plan.changes().get(1).defaultQos()).isEqualTo(Q);
        assertThat(plan.changes().get(2).target()).isEqualTo("user alice in account ml-acct");
        assertThat(plan.changes().get(2).why()).contains("alice is a member of team ml");
        assertThat(plan.unmanaged()).isEmpty();
    }

    @Test
    void a_slurm_state_that_matches_gives_an_empty_plan_and_never_touches_unmapped_users() {
        var slurm = new PlanCalculator.Slurm(
                List.of(
                        assoc("ml-acct", null, List.of(Q), Q), assoc("ml-acct", "alice", List.of(Q), Q),
                        assoc("ml-acct", "stranger", List.of("normal"), null), assoc("lab", null, List.of(), null)),
                List.of(new SlurmQos(Q, "", null)));

        Plan plan = PlanCalculator.plan(portal, slurm, "ml", NOW);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.unmanaged()).extracting(UnmanagedAssociation::user).containsExactly("stranger");
        // the whole cluster also lists accounts no team is mapped to
        assertThat(PlanCalculator.plan(portal, slurm, null, NOW).unmanaged())
                .extracting(UnmanagedAssociation::account)
                .contains("lab");
    }

    @Test
    void associations_without_the_team_qos_get_it_and_people_who_left_the_team_are_removed() {
        var slurm = new PlanCalculator.Slurm(
                List.of(
                        assoc("ml-acct", null, List.of("normal"), null),
                        assoc("ml-acct", "alice", List.of("normal"), "normal"),
                        assoc("ml-acct", "carol", List.of(Q), Q)),
                List.of(new SlurmQos(Q, "", null)));

        Plan plan = PlanCalculator.plan(portal, slurm, "ml", NOW);

        assertThat(plan.changes())
                .extracting(PlannedChange::kind, PlannedChange::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.SET_ASSOCIATION_QOS, "account ml-acct"),
                        org.assertj.core.groups.Tuple.tuple(Kind.SET_ASSOCIATION_QOS, "user alice in account ml-acct"),
                        org.assertj.core.groups.Tuple.tuple(Kind.REMOVE_USER, "user carol in account ml-acct"));
        assertThat(plan.changes().getFirst().qos()).containsExactly("normal", Q);
        assertThat(plan.changes().getLast().why()).contains("carol, who is not a member of team ml");
    }

    @Test
    void the_fingerprint_follows_the_changes() {
        var empty = new PlanCalculator.Slurm(List.of(), List.of());
        var withQos = new PlanCalculator.Slurm(List.of(), List.of(new SlurmQos(Q, "", null)));
        String a = PlanCalculator.plan(portal, empty, "ml", NOW).fingerprint();

        assertThat(PlanCalculator.plan(portal, empty, "ml", NOW.plusSeconds(60)).fingerprint())
                .isEqualTo(a);
        assertThat(PlanCalculator.plan(portal, withQos, "ml", NOW).fingerprint())
                .isNotEqualTo(a);
        assertThat(PlanCalculator.plan(portal, empty, null, NOW).fingerprint()).isNotEqualTo(a);
    }

    private static SlurmAssociation assoc(
            String account, @Nullable String user, List<String> qos, @Nullable String defaultQos) {
        return new SlurmAssociation(
                "c1", account, user, null, user == null ? "root" : null, qos, defaultQos, SlurmLimits.NONE);
    }
}
