package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.federa.access.ApplyRecord;
import io.federa.access.ClusterPermissions;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.Plan;
import io.federa.access.PlannedChange;
import io.federa.access.PlannedChange.Kind;
import io.federa.access.TeamAccount;
import io.federa.clusters.JobState;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.TeamQos;
import io.federa.identity.DirectorySync;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import io.federa.support.SlurmCleanup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 4 end to end on the real c1 (Slurm 22.05): a new team's quota is pushed as its QOS, applying
 * the team's mapping creates its account and association with that QOS, a job above the QOS's CPU
 * limit really pends in Slurm, and the job page says why in plain words.
 */
@FederaIntegrationTest
class TeamQuotaInSlurmIT extends PortalWithClusters {

    @Autowired
    PersonSlurmUsers personUsers;

    @Autowired
    ClusterPermissions permissions;

    @Autowired
    Quotas quotas;

    @Autowired
    SlurmClients clients;

    @Autowired
    JobMirror mirror;

    @Autowired
    DirectorySync directory;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    String team;
    String account;
    String qos;

    @Nullable
    Long jobId;

    @BeforeEach
    void newTeam() {
        PortalPeople.syncDirectory(directory);
        String id = UUID.randomUUID().toString().substring(0, 8);
        team = "qt-" + id;
        account = "qt-" + id;
        qos = TeamQos.nameFor(team, "c1");
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a", team));
    }

    @AfterEach
    void cleanUp() {
        if (jobId != null) {
            slurm.run("c1", List.of("scancel", String.valueOf(jobId)));
        }
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a"));
        // the quota first: else the QOS sync would push the QOS again
        jdbc.update("delete from quota_qos_pushes where team = ?", team);
        jdbc.update("delete from team_quotas where team = ?", team);
        SystemTasks.runAsSystem(() -> {
            accounts.unmap("c1", team);
            return null;
        });
        SlurmCleanup.deleteAccountAndQos(slurm, "c1", account, qos);
    }

    @Test
    void a_job_above_the_teams_qos_cpu_limit_pends_in_slurm_and_the_portal_says_why() {
        // the admin sets the quota: saved, then pushed to Slurm as the team's QOS
        SystemTasks.runAsSystem(() -> {
            personUsers.map("c1", "alice", "alice");
            accounts.map(new TeamAccount("c1", team, account));
            quotas.setQuota(TeamQuota.concurrent(team, "c1", 1, null, null));
            return null;
        });
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> cpuLimitOf(qos), limit -> limit.isPresent() && limit.get() == 1);

        // preview and apply the team's mapping: account and alice's association, both with the QOS
        Plan plan = SystemTasks.runAsSystem(() -> permissions.plan("c1", team));
        assertThat(plan.changes()).extracting(PlannedChange::kind).containsExactly(Kind.CREATE_ACCOUNT, Kind.ADD_USER);
        ApplyRecord applied =
                SystemTasks.runAsSystem(() -> permissions.apply("c1", team, plan.fingerprint(), step -> {}));
        assertThat(applied.steps())
                .allSatisfy(s -> assertThat(s.ok()).as(s.error()).isTrue());
        assertThat(slurm.run(
                                "c1",
                                List.of(
                                        "sacctmgr",
                                        "-Pn",
                                        "show",
                                        "assoc",
                                        "cluster=c1",
                                        "account=" + account,
                                        "user=alice",
                                        "format=defaultqos"))
                        .trim())
                .isEqualTo(qos);

        // Slurm enforces it: 2 CPUs against a QOS of 1 CPU pend, whatever the portal does
        jobId = slurm.sbatch("c1", "alice", account, "-c", "2", "--wrap", "sleep 1");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> mirrored(jobId),
                        j -> j.isPresent()
                                && j.get().state() == JobState.PENDING
                                && j.get().stateReason().equals("QOSGrpCpuLimit"));

        // and the portal says why in plain words, with the team's numbers
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/jobs/c1/" + jobId);
        assertThat(page.locator("#why-it-waits"))
                .containsText("It asks for 2 CPUs, but team " + team + " may use at most 1 CPUs at once on c1"
                        + " (its quota), so it will never start as it is");
        Browser.screenshot(page, "job-over-team-quota");
    }

    private Optional<Integer> cpuLimitOf(String name) {
        return clients.forCluster("c1").accounting().qos().stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .map(SlurmQos::limits)
                .map(l -> l.grpCpus() == null ? -1 : l.grpCpus());
    }

    private Optional<MirroredJob> mirrored(long id) {
        return mirror.find(Federation.carol(), "c1", id);
    }
}
