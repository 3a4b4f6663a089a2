package io.federa.support;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Playwright driving Debian's Chromium (Playwright's own browser download is switched off with
 * PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 in the build). Screenshots go to target/screenshots.
 */
public final class Browser implements AutoCloseable {

    private static final List<String> ARGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    public Browser() {
        RealServices.requireChromium();
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(RealServices.CHROMIUM)
                        .setHeadless(true)
                        .setArgs(ARGS));
    }

    /** A new page in its own context: its own cookies, so one person per page. */
    public Page newPage() {
        var context =
                browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 800));
        context.setDefaultTimeout(30_000);
        return context.newPage();
    }

    public static void screenshot(Page page, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(dir.resolve(name + ".png"))
                    .setFullPage(true));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs {@code user} (password = user name) in through the real Keycloak login page. */
    public static void logIn(Page page, String portal, String user) {
        logIn(page, portal, KEYCLOAK_LOGIN, user);
    }

    /** The same through another Keycloak, whose login page matches {@code keycloakLogin}. */
    public static void logIn(Page page, String portal, Pattern keycloakLogin, String user) {
        logIn(page, portal, keycloakLogin, user, 30_000);
    }

    /**
     * The same, waiting up to {@code firstPageMillis} for the first page (a containerised portal, JIT
     * limited to C1, is slower on its first page than one in the test's JVM); a screenshot named after
     * the user is taken when it does not come.
     */
    public static void logIn(Page page, String portal, Pattern keycloakLogin, String user, double firstPageMillis) {
        page.navigate(portal + "/");
        page.waitForURL(keycloakLogin);
        page.locator("#username").fill(user);
        page.locator("#password").fill(user);
        page.locator("#kc-login").click();
        // Spring Security's request cache appends "?continue" to the saved request
        page.waitForURL(Pattern.compile(Pattern.quote(portal) + "/(\\?continue)?"));
        // the first page of a freshly started portal takes more than the default 5 s on a loaded machine
        try {
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#who-am-i"))
                    .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                            .setTimeout(firstPageMillis));
        } catch (AssertionError e) {
            screenshot(page, "login-" + user + "-first-page");
            throw e;
        }
    }

    public static final Pattern KEYCLOAK_LOGIN = keycloakLogin(RealServices.KEYCLOAK_URL);

    /** The realm "portal"'s login page of the Keycloak at {@code keycloakUrl}. */
    public static Pattern keycloakLogin(String keycloakUrl) {
        return Pattern.compile(Pattern.quote(keycloakUrl) + "/realms/portal/protocol/openid-connect/auth.*");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
