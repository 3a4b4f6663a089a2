package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.RealServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** End to end through the real Keycloak login page in Debian's Chromium. */
@FederaIntegrationTest
class LoginFlowIT {

    private static final Pattern KEYCLOAK_LOGIN = Browser.KEYCLOAK_LOGIN;

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    @LocalServerPort
    int port;

    String portal() {
        return "http://localhost:" + port;
    }

    @Test
    void an_anonymous_request_is_sent_to_keycloak_with_pkce() throws Exception {
        try (var http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            var first = http.send(
                    HttpRequest.newBuilder(URI.create(portal() + "/admin/teams"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(first.statusCode()).isEqualTo(302);
            String login = first.headers().firstValue("Location").orElseThrow();
            assertThat(login).endsWith("/oauth2/authorization/keycloak");

            var second = http.send(
                    HttpRequest.newBuilder(URI.create(login))
                            .header(
                                    "Cookie",
                                    first.headers().firstValue("Set-Cookie").orElse(""))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            String authorize = second.headers().firstValue("Location").orElseThrow();
            assertThat(authorize)
                    .startsWith(RealServices.KEYCLOAK_URL + "/realms/portal/protocol/openid-connect/auth?")
                    .contains("code_challenge=")
                    .contains("code_challenge_method=S256");
        }
    }

    @Test
    void alice_sees_her_team_and_role_is_refused_the_admin_page_and_logs_out() {
        Page page = browser.newPage();
        logIn(page, "alice");

        assertThat(page.locator("#who-am-i")).containsText("alice");
        assertThat(page.locator("#who-am-i")).containsText("data-scientist");
        assertThat(page.locator("#my-teams [data-team='team-a']")).isVisible();
        assertThat(page.locator("#my-teams")).not().containsText("team-b");
        // the menu offers only what she may open
        assertThat(page.locator("#main-nav")).containsText("My teams");
        assertThat(page.locator("#main-nav vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Teams")))
                .hasCount(1);
        Browser.screenshot(page, "alice-dashboard");

        var response = page.navigate(portal() + "/admin/teams");
        assertThat(response.status()).isEqualTo(403);
        assertThat(page.locator("#not-allowed")).containsText("Not allowed");
        assertThat(page.content()).doesNotContain("Exception").doesNotContain("at io.federa");
        Browser.screenshot(page, "alice-not-allowed");

        page.navigate(portal() + "/");
        page.locator("#logout").click();
        page.waitForURL(KEYCLOAK_LOGIN);
        // the Keycloak session ended too: coming back means logging in again
        page.navigate(portal() + "/");
        page.waitForURL(KEYCLOAK_LOGIN);
        assertThat(page.locator("#username")).isVisible();
        Browser.screenshot(page, "alice-logged-out");
        page.context().close();
    }

    @Test
    void carol_the_portal_admin_sees_all_teams_with_their_members() {
        // memberships are stored at login: alice and bob log in first
        for (String member : new String[] {"alice", "bob"}) {
            Page page = browser.newPage();
            logIn(page, member);
            page.context().close();
        }

        Page page = browser.newPage();
        logIn(page, "carol");
        assertThat(page.locator("#who-am-i")).containsText("portal-admin");
        page.locator("#main-nav vaadin-side-nav-item", new Page.LocatorOptions().setHasText("Teams"))
                .last()
                .click();
        page.waitForURL(Pattern.compile(Pattern.quote(portal()) + "/admin/teams"));
        var grid = page.locator("#teams-grid");
        assertThat(grid).containsText("team-a");
        assertThat(grid).containsText("alice");
        assertThat(grid).containsText("team-b");
        assertThat(grid).containsText("bob");
        Browser.screenshot(page, "carol-teams");
        page.context().close();
    }

    private void logIn(Page page, String user) {
        Browser.logIn(page, portal(), user);
    }
}
