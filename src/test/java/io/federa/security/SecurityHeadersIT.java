package io.federa.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalWithClusters;
import io.federa.support.StoredRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The response headers and the session cookie on the running portal (ADR 27), and the pages still
 * working under its Content-Security-Policy in Chromium: no console error, no blocked resource.
 * Forwarded headers are trusted as the Helm chart sets it, so a request that came over HTTPS to a
 * proxy is seen as such.
 */
@FederaIntegrationTest
@TestPropertySource(properties = {"server.forward-headers-strategy=native", "server.servlet.session.timeout=7m"})
class SecurityHeadersIT extends PortalWithClusters {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WebServerApplicationContext server;

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(portal() + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        try (var http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static void hardened(HttpResponse<String> response) {
        var h = response.headers();
        String csp = h.firstValue("Content-Security-Policy").orElse("");
        assertThat(csp)
                .as(response.uri() + " " + response.statusCode())
                .contains("default-src 'self'")
                .contains("object-src 'none'")
                .contains("frame-ancestors 'none'")
                .contains("base-uri 'self'")
                .contains("form-action 'self' http://127.0.0.1:8180")
                .contains("connect-src 'self'")
                .doesNotContain("*");
        assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(h.firstValue("Permissions-Policy").orElse(""))
                .contains("camera=()")
                .contains("microphone=()")
                .contains("geolocation=()");
        assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void every_kind_of_answer_carries_the_csp_referrer_and_permissions_policies_and_no_hsts_over_http()
            throws Exception {
        for (String path : List.of(
                "/",
                "/runs",
                "/admin/audit",
                "/api/runs",
                "/api/runs/helper/federa.py",
                "/styles/federa.css",
                "/v3/api-docs",
                "/actuator/health",
                "/no-such-page")) {
            var response = get(path, Map.of());
            hardened(response);
            assertThat(response.headers().firstValue("Strict-Transport-Security"))
                    .as("no HSTS on plain http: " + path)
                    .isEmpty();
        }
    }

    @Test
    void over_https_the_portal_sends_hsts_and_a_secure_samesite_lax_httponly_session_cookie() throws Exception {
        var https = get("/runs", Map.of("X-Forwarded-Proto", "https"));
        hardened(https);
        assertThat(https.headers().firstValue("Strict-Transport-Security").orElse(""))
                .contains("max-age=31536000")
                .contains("includeSubDomains");
        String cookie = sessionCookie(https);
        assertThat(cookie).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");

        var http = get("/runs", Map.of());
        String plain = sessionCookie(http);
        assertThat(plain).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no session cookie in " + response.headers().map()));
    }

    @Test
    void the_session_timeout_is_configurable() {
        var tomcat = (TomcatWebServer) server.getWebServer();
        var context = (Context) tomcat.getTomcat().getHost().findChildren()[0];
        assertThat(context.getSessionTimeout()).as("minutes").isEqualTo(7);
    }

    @Test
    void a_login_gets_a_new_session_id_so_a_planted_one_is_worthless() {
        Page page = browser.newPage();
        page.navigate(portal() + "/");
        page.waitForURL(Browser.KEYCLOAK_LOGIN);
        String before = session(page);
        Browser.logIn(page, portal(), "alice");
        String after = session(page);
        assertThat(after).isNotEqualTo(before);
        page.context().close();
    }

    private String session(Page page) {
        return page.context().cookies(portal()).stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void pages_with_charts_the_script_editor_and_admin_grids_work_under_the_csp_without_console_errors() {
        String run = "r-cspcharts234";
        StoredRuns.insert(jdbc, run, "team-a", "COMPLETED");
        for (int step = 1; step <= 50; step++) {
            jdbc.update(
                    "insert into run_metrics (run_id, key, step, value, at) values (?, 'loss', ?, ?, now())",
                    run,
                    step,
                    1.0 / step);
        }
        List<String> problems = new CopyOnWriteArrayList<>();

        Page alice = watched(browser.newPage(), problems);
        Browser.logIn(alice, portal(), "alice");
        alice.navigate(portal() + "/runs/" + run);
        assertThat(alice.locator("#run-charts federa-line-chart[data-metric='loss']"))
                .hasAttribute("data-last-x", "50");
        assertThat(alice.locator("#run-charts federa-line-chart .u-over")).isVisible();
        alice.navigate(portal() + "/runs/new");
        alice.locator("#run-source vaadin-radio-button")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("My own script"))
                .click();
        assertThat(alice.locator("#run-script .cm-content")).isVisible();
        alice.locator("#run-script .cm-content").click();
        alice.keyboard().type("#SBATCH --time=0:01:00\n");
        assertThat(alice.locator("#run-script .cm-line.cm-sbatch").first()).isVisible();
        for (String path : List.of("/", "/runs", "/jobs", "/usage", "/clusters")) {
            visit(alice, path);
        }

        Page carol = watched(browser.newPage(), problems);
        Browser.logIn(carol, portal(), "carol");
        for (String path : List.of(
                "/admin/teams",
                "/admin/clusters",
                "/admin/permissions",
                "/admin/quotas",
                "/admin/templates",
                "/admin/audit",
                "/admin/kubernetes")) {
            visit(carol, path);
        }
        Browser.screenshot(carol, "csp-admin-audit");
        assertThat(problems)
                .as("console errors and blocked resources under the CSP")
                .isEmpty();
    }

    private void visit(Page page, String path) {
        page.navigate(portal() + path);
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        assertThat(page.locator("#current-user")).isVisible();
        assertThat(page.locator("#main-nav")).isVisible();
    }

    private static Page watched(Page page, List<String> problems) {
        page.onConsoleMessage((ConsoleMessage m) -> {
            // a failed load is reported with its URL by onResponse below
            boolean failedLoad = m.text().startsWith("Failed to load resource");
            if ((m.type().equals("error") && !failedLoad)
                    || m.text().contains("Content Security Policy")
                    || m.text().contains("Refused to")) {
                problems.add(page.url() + ": " + m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add(page.url() + ": page error: " + e));
        page.onResponse(r -> {
            // the browser asks for /favicon.ico on its own; the portal has none (not a CSP matter)
            if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) {
                problems.add(page.url() + ": " + r.status() + " for " + r.url());
            }
        });
        page.onRequestFailed(r -> problems.add(page.url() + ": request failed: " + r.url() + " " + r.failure()));
        return page;
    }
}
