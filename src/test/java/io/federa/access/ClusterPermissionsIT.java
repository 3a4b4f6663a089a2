package io.federa.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.federa.access.PlannedChange.Kind;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.identity.DirectorySync;
import io.federa.shared.AuditRecord;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.AuditTrail;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalPeople;
import io.federa.support.RealServices;
import io.federa.support.SignedIn;
import io.federa.support.SlurmCleanup;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster permissions console against the real c1/c2 (Slurm 22.05, shared slurmdbd) and the real
 * Keycloak directory. Each test that writes to Slurm uses a fresh team and account and deletes them.
 */
@FederaIntegrationTest
class ClusterPermissionsIT {

    static SlurmTestClusters slurm;

    @Autowired
    ClusterPermissions permissions;

    @Autowired
    TeamAccounts teamAccounts;

    @Autowired
    PersonSlurmUsers personUsers;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    DirectorySync directory;

    @Autowired
    SlurmClients clients;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    String team;
    String account;
    String qos;

    @BeforeAll
    static void realServices() {
        slurm = SlurmTestClusters.require();
        RealServices.requireKeycloak();
    }

    @Autowired
    AuditLog auditLog;

    @BeforeEach
    void portal() {
        Federation.registerLocalClusters(registry, teamAccounts, slurm);
        PortalPeople.syncDirectory(directory);
        String id = UUID.randomUUID().toString().substring(0, 8);
        team = "perm-" + id;
        account = "perm-" + id + "-acct";
        qos = TeamQos.nameFor(team, "c1");
    }

    @AfterEach
    void cleanUp() {
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a"));
        SystemTasks.runAsSystem(() -> {
            teamAccounts.unmap("c1", team);
            return null;
        });
        // whatever the test got to create: the account (with its associations) and the QOS
        SlurmCleanup.deleteAccountAndQos(slurm, "c1", account, qos);
    }

    @Test
    void import_on_c1_and_c2_proposes_the_seeded_teams_and_people() {
        for (String cluster : List.of("c1", "c2")) {
            ImportProposals found = asCarol(() -> permissions.importFromSlurm(cluster));

            assertThat(found.accounts())
                    .extracting(ImportProposals.AccountProposal::slurmAccount, ImportProposals.AccountProposal::team)
                    .contains(tuple("team-a", "team-a"), tuple("team-b", "team-b"));
            assertThat(found.accounts())
                    .filteredOn(p -> p.slurmAccount().equals("team-a"))
                    .singleElement()
                    .satisfies(p -> assertThat(p.reason()).contains("name of portal team team-a"));
            assertThat(found.users())
                    .extracting(ImportProposals.UserProposal::slurmUser, ImportProposals.UserProposal::username)
                    .contains(tuple("alice", "alice"), tuple("bob", "bob"));
            assertThat(found.users())
                    .filteredOn(p -> p.slurmUser().equals("bob"))
                    .singleElement()
                    .satisfies(p -> assertThat(p.reason()).contains("same user name as portal person bob"));
        }

        // adopting stores the mappings
        ImportProposals c2 = asCarol(() -> permissions.importFromSlurm("c2"));
        AdoptResult adopted = asCarol(() -> permissions.adopt(
                c2.accounts().stream().filter(p -> p.team().equals("team-b")).toList(),
                c2.users().stream().filter(p -> p.username().equals("bob")).toList()));
        assertThat(adopted.refused()).isEmpty();
        assertThat(adopted.adopted()).hasSize(2);
        assertThat(teamAccounts.teamOf("c2", "team-b")).contains("team-b");
        assertThat(personUsers.slurmUserOf("c2", "bob")).contains("bob");
    }

    @Test
    void applying_a_new_teams_mapping_creates_its_qos_account_and_member_association_and_logs_it() {
        java.time.Instant start = java.time.Instant.now();
        newTeamOnC1();
        Plan plan = asCarol(() -> permissions.plan("c1", team));
        assertThat(plan.changes())
                .extracting(PlannedChange::kind, PlannedChange::target)
                .containsExactly(
                        tuple(Kind.CREATE_QOS, "QOS " + qos),
                        tuple(Kind.CREATE_ACCOUNT, "account " + account),
                        tuple(Kind.ADD_USER, "user alice in account " + account));

        var progress = new ArrayList<ApplyStep>();
        long started = System.nanoTime();
        ApplyRecord applied = asCarol(() -> permissions.apply("c1", team, plan.fingerprint(), progress::add));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("apply of " + plan.changes().size() + " changes on c1 took " + tookMs + " ms");

        assertThat(applied.steps())
                .allSatisfy(s -> assertThat(s.ok()).as(s.error()).isTrue())
                .hasSize(3);
        assertThat(progress).isEqualTo(applied.steps());

        // read back from Slurm accounting, through the REST client and through sacctmgr
        var accounting = clients.forCluster("c1").accounting();
        assertThat(accounting.qos()).extracting(SlurmQos::name).contains(qos);
        assertThat(accounting.associations())
                .filteredOn(a -> a.account().equals(account))
                .extracting(SlurmAssociation::user, SlurmAssociation::qos, SlurmAssociation::defaultQos)
                .containsExactlyInAnyOrder(tuple(null, List.of(qos), qos), tuple("alice", List.of(qos), qos));
        String cli = slurm.run(
                "c1",
                List.of(
                        "sacctmgr",
                        "-Pn",
                        "show",
                        "assoc",
                        "cluster=c1",
                        "account=" + account,
                        "format=account,user,qos,defaultqos"));
        assertThat(cli.lines())
                .containsExactlyInAnyOrder(account + "||" + qos + "|" + qos, account + "|alice|" + qos + "|" + qos);

        // the apply log: who, what, result
        ApplyRecord logged = asCarol(() -> permissions.applyLog("c1", 10)).getFirst();
        assertThat(logged.appliedBy()).isEqualTo("carol");
        assertThat(logged.team()).isEqualTo(team);
        assertThat(logged.finishedAt()).isNotNull();
        assertThat(logged.fingerprint()).isEqualTo(plan.fingerprint());
        assertThat(logged.steps())
                .extracting(s -> s.change().kind(), ApplyStep::ok)
                .containsExactly(
                        tuple(Kind.CREATE_QOS, true), tuple(Kind.CREATE_ACCOUNT, true), tuple(Kind.ADD_USER, true));

        // the audit log: one entry, by carol, each change and how it ended
        AuditEntry audited = AuditTrail.exactlyOne(
                auditLog, "permissions.applied", "cluster", "c1", "carol", AuditRecord.Outcome.SUCCESS, start);
        assertThat(audited.team()).isEqualTo(team);
        assertThat(audited.after())
                .containsEntry("succeeded", "3")
                .containsEntry("failed", "0")
                .containsEntry("step 002", "Create account account " + account + ": ok");

        // nothing left to do
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                asCarol(() -> permissions.plan("c1", team)).changes())
                        .isEmpty());
        assertThat(teamAccounts.teamOf("c1", account)).contains(team);
        assertThat(teamAccounts.allowedPartitions(team, "c1")).containsExactly("debug");
    }

    @Test
    void a_plan_that_changed_between_preview_and_apply_is_refused_and_nothing_is_applied() {
        newTeamOnC1();
        Plan previewed = asCarol(() -> permissions.plan("c1", team));
        assertThat(previewed.changes()).hasSize(3);

        // someone creates the QOS outside the portal meanwhile
        slurm.run("c1", List.of("sacctmgr", "-i", "add", "qos", qos));

        assertThatThrownBy(() -> asCarol(() -> permissions.apply("c1", team, previewed.fingerprint(), s -> {})))
                .isInstanceOf(PlanChangedException.class)
                .hasMessageContaining("no longer the ones you previewed")
                .hasMessageContaining("Preview again");
        assertThat(slurm.run("c1", List.of("sacctmgr", "-Pn", "show", "account", account)))
                .doesNotContain(account);
        assertThat(asCarol(() -> permissions.applyLog("c1", 50))).noneMatch(r -> team.equals(r.team()));
        // refused, and audited as such
        assertThat(AuditTrail.entries(auditLog, "permissions.applied", "cluster", "c1"))
                .filteredOn(e -> team.equals(e.team()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
                    assertThat(e.actor().name()).isEqualTo("carol");
                    assertThat(e.reason()).isEqualTo("the plan changed after the preview");
                });
        // the new preview no longer creates the QOS
        assertThat(asCarol(() -> permissions.plan("c1", team)).changes())
                .extracting(PlannedChange::kind)
                .containsExactly(Kind.CREATE_ACCOUNT, Kind.ADD_USER);
    }

    @Test
    void drift_check_reports_an_association_removed_outside_the_portal() {
        newTeamOnC1();
        Plan plan = asCarol(() -> permissions.plan("c1", team));
        asCarol(() -> permissions.apply("c1", team, plan.fingerprint(), s -> {}));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                asCarol(() -> permissions.plan("c1", team)).changes())
                        .isEmpty());

        slurm.run("c1", List.of("sacctmgr", "-i", "delete", "user", "alice", "account=" + account, "cluster=c1"));

        DriftReport report = SystemTasks.runAsSystem(() -> permissions.checkDrift("c1"));
        assertThat(report.error()).isNull();
        assertThat(report.inSync()).isFalse();
        assertThat(report.findings())
                .filteredOn(f -> f.account().equals(account))
                .extracting(PlannedChange::kind, PlannedChange::user)
                .containsExactly(tuple(Kind.ADD_USER, "alice"));
        assertThat(asCarol(() -> permissions.lastDrift("c1"))).contains(report);
    }

    @Test
    @WithMockUser(username = "bob", roles = Roles.DATA_SCIENTIST)
    void people_who_are_not_portal_admins_are_refused_every_console_operation() {
        List<Runnable> operations = List.of(
                () -> permissions.importFromSlurm("c1"),
                () -> permissions.adopt(List.of(), List.of()),
                () -> permissions.plan("c1"),
                () -> permissions.plan("c1", "team-a"),
                () -> permissions.apply("c1", null, "x", s -> {}),
                () -> permissions.applyLog("c1", 10),
                () -> permissions.checkDrift("c1"),
                () -> permissions.lastDrift("c1"),
                () -> teamAccounts.map(new TeamAccount("c1", "team-b", "team-a")),
                () -> teamAccounts.unmap("c1", "team-a"),
                () -> personUsers.onCluster("c1"));
        for (Runnable operation : operations) {
            assertThatThrownBy(operation::run).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void an_account_serves_one_team_per_cluster() {
        assertThatThrownBy(() -> SystemTasks.runAsSystem(() -> {
                    teamAccounts.map(new TeamAccount("c1", team, "team-a"));
                    return null;
                }))
                .isInstanceOf(MappingRefusedException.class)
                .hasMessageContaining("already the account of team team-a");
    }

    /** A fresh team on c1 whose one member, alice, is Slurm user alice there; allowed partition debug. */
    private void newTeamOnC1() {
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a", team));
        SystemTasks.runAsSystem(() -> {
            teamAccounts.map(new TeamAccount("c1", team, account, List.of("debug")));
            personUsers.map("c1", "alice", "alice");
            return null;
        });
    }

    /** Runs as carol, a portal admin (her username goes into the apply log). */
    private static <T> T asCarol(Supplier<T> work) {
        return SignedIn.as("carol", Roles.PORTAL_ADMIN, work);
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
