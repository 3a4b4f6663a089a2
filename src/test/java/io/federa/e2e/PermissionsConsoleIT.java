package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.federa.identity.DirectorySync;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The cluster permissions console in a real browser, against the real c1 (read-only: no apply). */
@FederaIntegrationTest
class PermissionsConsoleIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    @Autowired
    DirectorySync directory;

    @BeforeEach
    void federate() {
        PortalPeople.syncDirectory(directory);
    }

    @Test
    void carol_imports_from_c1_and_previews_the_changes() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/permissions");
        assertThat(page.locator("text=Per cluster: which team computes")).isVisible();
        assertThat(page.locator("#permissions-cluster")).containsText("c1");
        assertThat(page.locator("#team-accounts")).containsText("team-a", SOON);

        page.locator("#import-read").click();
        assertThat(page.locator("#import-message")).containsText("proposal(s) from c1", SOON);
        assertThat(page.locator("#import-accounts")).containsText("name of portal team team-a");
        assertThat(page.locator("#import-accounts")).containsText("team-b");
        assertThat(page.locator("#import-users")).containsText("same user name as portal person alice");
        assertThat(page.locator("#import-users")).containsText("bob");

        page.locator("#plan-preview").click();
        assertThat(page.locator("#plan-message")).containsText("change", SOON);
        Browser.screenshot(page, "permissions-preview");
        String message = page.locator("#plan-message").textContent();
        if (message.contains("Nothing to change")) {
            assertThat(page.locator("#plan-apply")).isDisabled();
        } else {
            assertThat(page.locator("#plan-apply")).isEnabled();
            assertThat(page.locator("#plan-apply")).containsText("Apply ");
            assertThat(page.locator("#plan-changes")).containsText("team-a");
        }

        // a person mapped to a Slurm user c1 does not know: refused, in plain words
        page.locator("#map-person input").fill("bob");
        page.locator("#map-person input").press("Enter");
        page.locator("#map-slurm-user input").fill("nosuchuser");
        page.locator("#map-person-save").click();
        assertThat(page.locator("#person-message")).containsText("Cluster c1 has no Slurm user \"nosuchuser\"", SOON);
        Browser.screenshot(page, "permissions-refused");
        page.context().close();
    }

    @Test
    void alice_and_bob_get_403_for_the_console() {
        for (String user : new String[] {"alice", "bob"}) {
            Page page = browser.newPage();
            Browser.logIn(page, portal(), user);
            var response = page.navigate(portal() + "/admin/permissions");
            assertThat(response.status()).isEqualTo(403);
            assertThat(page.locator("#not-allowed")).containsText("Not allowed");
            assertThat(page.content()).doesNotContain("Per cluster: which team computes");
            page.context().close();
        }
    }
}
