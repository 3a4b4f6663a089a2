package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.federa.support.Federation.alice;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterRegistry;
import io.federa.runs.Run;
import io.federa.runs.Runs;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.RunPages;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The submit page and POST /api/runs with real Keycloak logins, on the real c1/c2. */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.token-grace=3s",
            "federa.submission.lost-after=4s",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts"
        })
class SubmitRunPageIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static SlurmTestClusters slurm;

    @LocalServerPort
    int port;

    @Autowired
    Runs runs;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @BeforeAll
    static void clusters() {
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void federate() {
        Federation.registerLocalClusters(registry, accounts, slurm);
        SystemTasks.runAsSystem(() -> {
            slurmUsers.map("c1", "alice", "alice");
            slurmUsers.map("c2", "alice", "alice");
            return null;
        });
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> registry.overview().stream()
                        .filter(c -> c.name().equals("c1") || c.name().equals("c2"))
                        .allMatch(c -> !c.partitions().isEmpty() && !c.nodes().isEmpty()));
    }

    String portal() {
        return "http://localhost:" + port;
    }

    @Test
    void alice_submits_the_python_template_to_any_eligible_cluster_and_lands_on_the_run() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "alice");
        page.navigate(portal() + "/runs/new");
        assertThat(page.locator("text=Send a training run to HPC")).isVisible();
        assertThat(page.locator("#run-team")).containsText("team-a");

        RunPages.chooseTemplate(page, "Python training script");
        assertThat(page.locator("#run-template-description")).containsText("federa.py");
        assertThat(page.locator("#param-epochs input")).hasValue("5");

        // a bad value is explained at the field, before anything is sent
        RunPages.fillParam(page, "epochs", "3$(id)");
        assertThat(page.locator("#param-epochs")).containsText("is not a whole number");
        RunPages.fillParam(page, "epochs", "2");

        assertThat(page.locator("#run-cluster")).containsText("Any eligible cluster");
        assertThat(page.locator("#run-routing")).containsText(Pattern.compile("Chosen: c[12] — "));
        assertThat(page.locator("#run-quota")).containsText(Pattern.compile("Team team-a's quota on c[12]: "));
        assertThat(page.locator("#routing-grid")).containsText("chosen:");

        page.locator("#run-check").click();
        assertThat(page.locator("#run-preview")).containsText("epochs = 2");
        assertThat(page.locator("#run-notes")).containsText("Routing (any eligible cluster): Chosen: c");
        Browser.screenshot(page, "submit-run-checked");

        Run run = runs.find(alice(), RunPages.submit(page)).orElseThrow();
        assertThat(run.cluster()).isIn("c1", "c2");
        assertThat(run.tags()).containsEntry("template", "python-training");
        assertThat(run.params()).containsEntry("epochs", "2");
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("Routing (any eligible cluster): Chosen: "));

        // the run page follows it live: the job reports through the helper, the page shows it and the end
        page.evaluate("() => { window.federaNoReload = 'still the same page'; }");
        RunPages.awaitPythonRunCompleted(page, 2, Duration.ofSeconds(90));
        assertThat(page.evaluate("() => window.federaNoReload")).isEqualTo("still the same page");
        Browser.screenshot(page, "template-run-completed");

        // the same over REST, with the session's CSRF token
        APIResponse created = post(page, "team-a");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.text()).contains("\"team\":\"team-a\"").contains("Routing (any eligible cluster)");

        // and she compares the two runs: params side by side, loss curves overlaid
        String second = field(created.text(), "id");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() ->
                        runs.find(alice(), second).map(r -> r.state().isFinal()).orElse(false));
        page.navigate(portal() + "/runs/compare?ids=" + run.id() + "," + second);
        assertThat(page.locator("#compare-params tr.differs")).containsText("epochs");
        var overlaid = page.locator("#compare-charts federa-line-chart[data-metric='loss']");
        assertThat(overlaid.locator(".u-legend")).containsText(run.id());
        assertThat(overlaid.locator(".u-legend")).containsText(second);
        Browser.screenshot(page, "template-runs-compared");
        page.context().close();
    }

    @Test
    void bob_is_not_offered_team_a_and_a_crafted_post_for_team_a_is_refused() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "bob");
        page.navigate(portal() + "/runs/new");
        assertThat(page.locator("#run-team")).containsText("team-b");
        page.locator("#run-team").click();
        assertThat(page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("team-b")))
                .isVisible();
        assertThat(page.getByRole(AriaRole.OPTION)).hasCount(1);
        page.keyboard().press("Escape");

        APIResponse refused = post(page, "team-a");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("You are not a member of team team-a");
        // without the CSRF token the request never reaches the service
        APIResponse noToken = page.request()
                .post(
                        portal() + "/api/runs",
                        RequestOptions.create()
                                .setHeader("Content-Type", "application/json")
                                .setData("{\"team\":\"team-b\",\"cluster\":\"any\",\"template\":\"python-training\"}"));
        assertThat(noToken.status()).isEqualTo(403);
        page.context().close();
    }

    @Test
    void carol_previews_and_saves_a_template_and_alice_gets_403_for_the_editor() {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), "carol");
        page.navigate(portal() + "/admin/templates");
        assertThat(page.locator("#templates-grid")).containsText("PyTorch DDP");
        page.locator("#templates-grid").getByText("Python training script").click();
        assertThat(page.locator("#template-id input")).hasValue("python-training");
        page.locator("#template-preview-button").click();
        assertThat(page.locator("#template-preview")).containsText("epochs = 5");
        assertThat(page.locator("#template-preview")).not().containsText("{{");

        String id = "e2e-" + System.nanoTime() % 100_000;
        page.locator("#template-new").click();
        page.locator("#template-id input").fill(id);
        page.locator("#template-name input").fill("E2E " + id);
        page.locator("#template-script .cm-content").click();
        page.keyboard().press("Control+A");
        page.keyboard().insertText("#!/bin/bash\n#SBATCH --cpus-per-task={{cpus}}\necho {{word}}\n");
        assertThat(page.locator("#template-script"))
                .hasJSProperty("value", "#!/bin/bash\n#SBATCH --cpus-per-task={{cpus}}\necho {{word}}\n");
        page.locator("#template-save").click();
        assertThat(page.locator("#template-message"))
                .containsText("The script uses {{word}}, but the template declares no parameter word.");
        page.locator("#template-add-param").click();
        // the new row arrives with the server's answer: wait for it, else the first row would be renamed
        assertThat(page.locator(".template-param")).hasCount(2);
        page.locator(".template-param").nth(1).locator(".param-name input").fill("word");
        page.locator("#template-save").click();
        assertThat(page.locator("#template-message")).containsText("Saved \"E2E " + id + "\".");
        assertThat(page.locator("#templates-grid")).containsText("E2E " + id);
        page.locator("#template-delete").click();
        assertThat(page.locator("#template-message")).containsText("Deleted.");
        Browser.screenshot(page, "admin-templates");
        page.context().close();

        Page alicePage = browser.newPage();
        Browser.logIn(alicePage, portal(), "alice");
        assertThat(alicePage.navigate(portal() + "/admin/templates").status()).isEqualTo(403);
        alicePage.context().close();
    }

    private APIResponse post(Page page, String team) {
        String csrf = page.request().get(portal() + "/api/csrf").text();
        String header = field(csrf, "headerName");
        String token = field(csrf, "token");
        return page.request()
                .post(
                        portal() + "/api/runs",
                        RequestOptions.create()
                                .setHeader("Content-Type", "application/json")
                                .setHeader(header, token)
                                .setData("{\"team\":\"" + team
                                        + "\",\"cluster\":\"any\",\"template\":\"python-training\","
                                        + "\"templateValues\":{\"epochs\":\"1\"}}"));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
