package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.identity.DirectorySync;
import io.federa.shared.AuditRecord.Outcome;
import io.federa.support.AuditTrail;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalPeople;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Through the real Keycloak login in Chromium: a login, a refused page and a logout are each in the
 * audit log once, with the browser's address and user agent; a portal admin finds them on the audit
 * page (filters, detail, verify); a team admin sees their team's entries at /audit, and someone who
 * administers no team is refused it with 403.
 */
@FederaIntegrationTest
class AuditPagesIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    @LocalServerPort
    int port;

    @Autowired
    AuditLog auditLog;

    @Autowired
    DirectorySync directory;

    String portal() {
        return "http://localhost:" + port;
    }

    @Test
    void a_login_a_refused_page_and_a_logout_are_audited_once_and_shown_to_the_admin() {
        Instant start = Instant.now();
        Page bobs = browser.newPage();
        Browser.logIn(bobs, portal(), "bob");
        var refused = bobs.navigate(portal() + "/admin/quotas");
        assertThat(refused.status()).isEqualTo(403);
        bobs.navigate(portal() + "/");
        bobs.locator("#logout").click();
        bobs.waitForURL(Browser.KEYCLOAK_LOGIN);

        AuditEntry login = AuditTrail.exactlyOne(auditLog, "login", "person", "bob", "bob", Outcome.SUCCESS, start);
        assertThat(login.actor().clientAddress()).isNotBlank();
        assertThat(login.actor().userAgent()).contains("Chrome");
        assertThat(login.after()).containsEntry("via", "browser").containsEntry("groups", "team-b");
        AuditEntry denied = AuditTrail.exactlyOne(
                auditLog, "access.refused", "request", "GET /admin/quotas", "bob", Outcome.REFUSED, start);
        assertThat(denied.reason()).contains("role");
        AuditTrail.exactlyOne(auditLog, "logout", "person", "bob", "bob", Outcome.SUCCESS, start);

        Page carol = browser.newPage();
        Browser.logIn(carol, portal(), "carol");
        carol.navigate(portal() + "/admin/audit");
        assertThat(carol.locator("#audit-grid")).isVisible();
        carol.locator("#audit-filter-actor input").fill("bob");
        carol.locator("#audit-filter-action input").fill("access.refused");
        // the filters apply lazily and the grid re-renders after them: open the refusal's row until its
        // detail (not the row that was there a moment before) shows
        await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            if (carol.locator("#audit-detail").isVisible()) {
                carol.keyboard().press("Escape");
            }
            carol.locator("#audit-grid vaadin-grid-cell-content")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions()
                            .setHasText("GET /admin/quotas")
                            .setVisible(true))
                    .first()
                    .click(new com.microsoft.playwright.Locator.ClickOptions().setTimeout(5000));
            assertThat(carol.locator("#audit-detail"))
                    .containsText(
                            "access.refused",
                            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                    .setTimeout(3000));
        });
        assertThat(carol.locator("#audit-detail")).containsText("REFUSED");
        assertThat(carol.locator("#audit-detail")).containsText(denied.hash());
        Browser.screenshot(carol, "audit-detail");
        carol.keyboard().press("Escape");
        carol.locator("#audit-verify").click();
        assertThat(carol.locator("#audit-verify-result")).containsText("Intact");
        Browser.screenshot(carol, "audit-page");
    }

    @Test
    void a_team_admin_sees_only_their_teams_entries_and_someone_else_is_refused_the_team_audit_page() {
        PortalPeople.syncDirectory(directory); // alice administers team-a
        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        var mine = alice.navigate(portal() + "/audit");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(alice.locator("#audit-grid")).isVisible();

        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        var refused = bob.navigate(portal() + "/audit");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(bob.locator("#not-allowed")).containsText("team");
        // the admin page is for portal admins only
        assertThat(bob.navigate(portal() + "/admin/audit").status()).isEqualTo(403);
    }
}
