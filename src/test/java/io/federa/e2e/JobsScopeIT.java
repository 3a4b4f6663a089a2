package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.identity.DirectorySync;
import io.federa.jobs.JobMirror;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.KeycloakAdmin;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/** Who sees which mirrored jobs. */
@FederaIntegrationTest
class JobsScopeIT extends PortalWithClusters {

    private static final LocatorAssertions.IsVisibleOptions SOON =
            new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Autowired
    DirectorySync directory;

    @Autowired
    JobMirror mirror;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Test
    void someone_removed_from_a_team_in_keycloak_loses_its_jobs_at_the_next_request_of_the_same_session() {
        var keycloak = new KeycloakAdmin();
        String name = "jobs-scope-" + System.nanoTime() % 100_000;
        String userId = keycloak.createUser(name);
        long teamA = slurm.sbatch("c1", "alice", "team-a", "-J", "scope-a", "--hold", "--wrap", "true");
        long teamB = slurm.sbatch("c1", "bob", "team-b", "-J", "scope-b", "--hold", "--wrap", "true");
        try {
            keycloak.setPassword(userId, name);
            keycloak.joinGroup(userId, "team-a");
            keycloak.joinGroup(userId, "team-b");
            Page page = browser.newPage();
            Browser.logIn(page, portal(), name);
            String jobA = portal() + "/api/jobs/c1/" + teamA;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> page.request().get(jobA).status() == 200);
            page.navigate(portal() + "/jobs");
            assertThat(page.locator("[data-job='c1/" + teamA + "']")).isVisible(SOON);
            assertThat(page.locator("[data-job='c1/" + teamB + "']")).isVisible(SOON);

            keycloak.leaveGroup(userId, "team-a");
            PortalPeople.syncDirectory(directory);

            // the session's groups claim still says team-a; the portal's memberships no longer do
            assertThat(page.request().get(jobA).status()).isEqualTo(404);
            assertThat(page.request().get(portal() + "/api/jobs?account=team-a").text())
                    .isEqualTo("[]");
            assertThat(page.request().get(portal() + "/api/jobs/c1/" + teamB).status())
                    .isEqualTo(200);
            page.navigate(portal() + "/jobs");
            assertThat(page.locator("[data-job='c1/" + teamB + "']")).isVisible(SOON);
            assertThat(page.locator("[data-job='c1/" + teamA + "']")).hasCount(0);
            page.context().close();
        } finally {
            slurm.run("c1", List.of("scancel", String.valueOf(teamA), String.valueOf(teamB)));
            keycloak.deleteUser(userId);
        }
    }
}
