package io.federa.support;

import com.microsoft.playwright.Page;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For browser tests: requires the real Keycloak (fails, never skips), launches Debian's Chromium once
 * per test class and closes it after. Use as {@code @RegisterExtension static final BrowserExtension}.
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback {

    private @Nullable Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        RealServices.requireKeycloak();
        // 5 s (Playwright's default) is too short on a loaded 2-core CI machine; waits end early anyway
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        browser = new Browser();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A new page in its own browser context (its own cookies: one person per page). */
    public Page newPage() {
        if (browser == null) {
            throw new IllegalStateException("the browser is started before the test class's tests");
        }
        return browser.newPage();
    }
}
