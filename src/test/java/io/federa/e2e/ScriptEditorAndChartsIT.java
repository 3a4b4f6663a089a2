package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.federa.access.PersonSlurmUsers;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.submission.RunRequest;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.PortalWithClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The frontend's own components in Chromium against the real portal (production bundle, real
 * Keycloak, runs on the real c1): the script editor on the submit page, and the browser-drawn charts
 * on the run page and the comparison. ADR 24.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts"
        })
class ScriptEditorAndChartsIT extends PortalWithClusters {

    private static final Pattern RUN_URL = Pattern.compile(".*/runs/(r-[a-z2-7]{12})$");
    private static final int STEPS = 3000;

    /** Reports STEPS points of "loss" in one request (the curve shifts with FEDERA_PARAM_SEED), then ends. */
    private static final String CURVE_SCRIPT = """
            #!/bin/bash
            #SBATCH -J curves
            #SBATCH --time=0:05:00
            f="points-$FEDERA_RUN_ID.json"
            awk -v s="$FEDERA_PARAM_SEED" -v n=%d 'BEGIN { printf "["; for (i = 1; i <= n; i++) {
              printf "%%s{\\"key\\":\\"loss\\",\\"step\\":%%d,\\"value\\":%%.5f}", (i > 1 ? "," : ""), i, s / (1 + i / 100) + (i %% 50) / 1000 }
              printf "]" }' > "$f"
            curl -fsS -X POST -H "Authorization: Bearer $FEDERA_TOKEN" -H "Content-Type: application/json" \\
              --data @"$f" "$FEDERA_URL/api/runs/$FEDERA_RUN_ID/metrics" > /dev/null
            rm -f "$f"
            """.formatted(STEPS);

    @Autowired
    Runs runs;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private final List<String> started = new ArrayList<>();

    @BeforeEach
    void federate() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
    }

    @AfterEach
    void cleanUp() {
        for (String id : started) {
            runs.find(alice(), id)
                    .filter(r -> !r.state().isFinal() && r.slurmJobId() != null)
                    .ifPresent(r -> slurm.run("c1", List.of("scancel", String.valueOf(r.slurmJobId()))));
        }
    }

    @Test
    void the_script_editor_highlights_marks_a_bad_partition_on_its_line_and_submits_the_edited_text() throws Exception {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/runs/new");
        page.locator("#run-source vaadin-radio-button")
                .filter(new Locator.FilterOptions().setHasText("My own script"))
                .click();

        // an uploaded script lands in the editor
        Path upload = Files.createTempFile("editor-e2e", ".sh");
        Files.writeString(upload, "#!/bin/bash\n#SBATCH --cpus-per-task=1\necho uploaded\n", StandardCharsets.UTF_8);
        page.locator("#run-upload input[type=file]").setInputFiles(upload);
        assertThat(page.locator("#run-upload-message")).containsText("Loaded");
        assertThat(page.locator("#run-script .cm-content")).containsText("echo uploaded");

        // typed over: highlighted as shell, #SBATCH lines marked, the bad partition marked on its line
        String script = """
                #!/bin/bash
                #SBATCH --job-name=editor-e2e
                #SBATCH --partition=nope
                #SBATCH --time=00:01:00
                echo "edited in the browser"
                """;
        replaceScript(page, script);
        Locator editor = page.locator("#run-script");
        assertThat(editor.locator(".cm-line.cm-sbatch")).hasCount(3);
        assertThat(editor.locator(".cm-sbatch-option")).hasCount(3);
        Locator string = editor.locator(".cm-line")
                .nth(4)
                .locator("span")
                .filter(new Locator.FilterOptions().setHasText("\"edited in the browser\""));
        assertThat(string).hasCount(1);
        assertThat(string.evaluate("s => getComputedStyle(s).color"))
                .as("the string is coloured as a string, not as plain text")
                .isNotEqualTo(editor.locator(".cm-content").evaluate("c => getComputedStyle(c).color"));
        // (any eligible cluster: each cluster's verdict that names the line is written there)
        Locator line3 = editor.locator(".cm-line[data-mark-line='3']");
        assertThat(line3).containsText("#SBATCH --partition=nope");
        assertThat(line3.locator(".cm-federa-mark[data-severity='error']").first())
                .containsText("c1: line 3: The cluster has no partition \"nope\"");
        assertThat(editor.locator(".cm-line[data-mark-line]")).hasCount(1);
        assertThat(editor.locator(".cm-lint-marker-error")).hasCount(1);
        Browser.screenshot(page, "script-editor-problem");

        // keyboard: labelled; Tab indents inside the editor, Esc then Tab leaves it
        assertThat(editor.locator(".cm-content")).hasAttribute("aria-labelledby", "label");
        assertThat(editor.locator("#label")).hasText("Slurm script");
        editor.locator(".cm-line").nth(4).click();
        page.keyboard().press("End");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("run-script");
        page.keyboard().press("Escape");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.id")).isNotEqualTo("run-script");

        // fixed on its line; the mark goes, and exactly the edited text is submitted
        String fixed = script.replace("--partition=nope", "--partition=debug");
        replaceScript(page, fixed);
        assertThat(editor.locator(".cm-federa-mark")).hasCount(0);
        page.locator("#run-submit").click();
        page.waitForURL(RUN_URL);
        Matcher m = RUN_URL.matcher(page.url());
        assertThat(m.matches()).isTrue();
        Run run = runs.find(alice(), m.group(1)).orElseThrow();
        started.add(run.id());
        assertThat(run.script()).isEqualTo(fixed);
        assertThat(run.resources().partition()).isEqualTo("debug");
        assertThat(run.resources().jobName()).isEqualTo("editor-e2e");
        assertThat(run.cluster())
                .as("the one cluster where alice has a Slurm user")
                .isEqualTo("c1");
        page.context().close();
    }

    @Test
    void a_long_curve_is_thinned_zooms_to_every_point_of_a_range_and_compare_overlays_five_runs() {
        List<Run> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(submit(String.valueOf(i)));
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> five.stream()
                        .allMatch(r -> runs.find(alice(), r.id()).orElseThrow().state() == RunState.COMPLETED
                                && runs.lastMetrics(alice(), r.id()).stream().anyMatch(p -> p.step() == STEPS)));

        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/runs/" + five.getFirst().id());
        Locator chart = page.locator("#run-charts federa-line-chart[data-metric='loss']");
        assertThat(chart).hasAttribute("data-last-x", String.valueOf(STEPS));
        int drawn = Integer.parseInt(chart.getAttribute("data-points"));
        assertThat(drawn).as("thinned to about the chart's width").isBetween(100, 2 * 1201);

        // drag across a narrow band of the plot: the zoomed range comes back with every one of its points
        chart.locator(".u-over").scrollIntoViewIfNeeded();
        BoundingBox plot = chart.locator(".u-over").boundingBox();
        double y = plot.y + plot.height / 2;
        page.mouse().move(plot.x + plot.width * 0.40, y);
        page.mouse().down();
        page.mouse().move(plot.x + plot.width * 0.43, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(chart).hasAttribute("data-zoom", Pattern.compile("\\d+-\\d+"));
        assertThat(chart).hasAttribute("data-detail", Pattern.compile("\\d+"));
        String[] range = chart.getAttribute("data-zoom").split("-");
        int from = Math.max(1, Integer.parseInt(range[0]));
        int to = Math.min(STEPS, Integer.parseInt(range[1]));
        assertThat(to - from).as("a narrow range").isBetween(20, 400);
        assertThat(chart).hasAttribute("data-points", String.valueOf(to - from + 1));
        Browser.screenshot(page, "run-chart-zoomed");
        // log scale and back to the whole range
        chart.locator("input.log").check();
        assertThat(chart).hasAttribute("data-scale", "log");
        chart.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reset zoom"))
                .click();
        assertThat(chart).hasAttribute("data-zoom", "");

        // compare: five runs' curves in one chart, a legend entry each
        page.navigate(portal() + "/runs/compare?ids="
                + String.join(",", five.stream().map(Run::id).toList()));
        Locator overlaid = page.locator("#compare-charts federa-line-chart[data-metric='loss']");
        assertThat(overlaid).hasAttribute("data-series", "5");
        for (Run r : five) {
            assertThat(overlaid.locator(".u-legend")).containsText(r.id());
        }
        assertThat(overlaid.locator(".u-legend .u-series")).hasCount(6); // the x axis and five runs
        assertThat(overlaid).hasAttribute("data-last-x", String.valueOf(STEPS));
        Browser.screenshot(page, "compare-five-runs");
        page.context().close();
    }

    private Run submit(String seed) {
        var request = new RunRequest(
                "team-a", "c1", CURVE_SCRIPT, null, 1, null, null, null, null, null, Map.of("seed", seed));
        Run run = runs.submit(alice(), request);
        started.add(run.id());
        assertThat(run.state()).as(run.stateReason()).isEqualTo(RunState.SUBMITTED);
        return run;
    }

    /** Selects all of the editor's text and types {@code text} over it, as a person would paste it. */
    private static void replaceScript(Page page, String text) {
        Locator content = page.locator("#run-script .cm-content");
        content.click();
        page.keyboard().press("Control+A");
        page.keyboard().insertText(text);
        // the editor sends its value ~300 ms after typing stops; the portal's checks come back with it
        assertThat(page.locator("#run-script"))
                .hasJSProperty("value", text, new LocatorAssertions.HasJSPropertyOptions().setTimeout(10_000));
    }
}
