package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.identity.DirectorySync;
import io.federa.mirror.JobFilter;
import io.federa.mirror.JobMirror;
import io.federa.mirror.JobSort;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.KeycloakAdmin;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/** Who sees which mirrored jobs, and how deep the job list can be paged. */
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

    @Test
    void the_jobs_api_refuses_pages_beyond_the_first_ten_thousand_jobs_and_says_to_filter() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        assertThat(page.request().get(portal() + "/api/jobs?page=199&size=50").status())
                .isEqualTo(200);
        for (String deep : List.of("page=200&size=50", "page=42949673&size=100", "page=2147483647&size=500")) {
            var answer = page.request().get(portal() + "/api/jobs?" + deep);
            assertThat(answer.status()).as(deep).isEqualTo(400);
            assertThat(answer.text()).as(deep).contains("first 10000 jobs").contains("filter");
        }
        page.context().close();

        // the Jobs page's grid reads the mirror directly: past the cap it ends, whatever the offset
        PortalPeople.loggedIn(events, tx, "alice", Set.of("team-a"));
        var any = new JobFilter(null, null, null, null, null);
        assertThat(mirror.page(Federation.alice(), any, JobSort.NEWEST_FIRST, Integer.MAX_VALUE - 10, 50))
                .isEmpty();
        assertThat(mirror.page(Federation.carol(), any, JobSort.NEWEST_FIRST, JobMirror.MAX_ROWS, 50))
                .isEmpty();
    }
}
