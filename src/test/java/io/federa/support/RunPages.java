package io.federa.support;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps on the submit page and the run page that browser tests share. */
public final class RunPages {

    public static final Pattern RUN_URL = Pattern.compile(".*/runs/(r-[a-z2-7]{12})$");

    private RunPages() {}

    /** On /runs/new: picks a template by its name. */
    public static void chooseTemplate(Page page, String name) {
        page.locator("#run-template").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(name))
                .click();
    }

    /** Types a template parameter's value and leaves the field (the form checks it then). */
    public static void fillParam(Page page, String param, String value) {
        page.locator("#param-" + param + " input").fill(value);
        page.locator("#param-" + param + " input").press("Tab");
    }

    /** Presses Submit and returns the id of the run whose page opens. */
    public static String submit(Page page) {
        page.locator("#run-submit").click();
        page.waitForURL(RUN_URL);
        Matcher m = RUN_URL.matcher(page.url());
        if (!m.matches()) {
            throw new AssertionError("not a run page: " + page.url());
        }
        return m.group(1);
    }

    /** The run page of the Python template's run shows it COMPLETED with its last epoch logged and both charts. */
    public static void awaitPythonRunCompleted(Page page, int epochs, Duration within) {
        var soon = new LocatorAssertions.ContainsTextOptions().setTimeout(within.toMillis());
        assertThat(page.locator("#run-state")).containsText("COMPLETED", soon);
        assertThat(page.locator("#run-log")).containsText("epoch " + epochs + "/" + epochs + " loss=", soon);
        assertThat(page.locator("#run-charts federa-line-chart[data-metric='loss']"))
                .hasAttribute("data-last-x", String.valueOf(epochs));
        assertThat(page.locator("#run-charts federa-line-chart[data-metric='accuracy'] canvas"))
                .isVisible();
    }
}
