package io.federa.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.PortalWithClusters;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Usage page in a real browser, after a job really ran on c1; bob may not see team-a's usage. */
@FederaIntegrationTest
class UsagePageIT extends PortalWithClusters {

    @Autowired
    JdbcTemplate jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void alice_sees_team_a_usage_as_charts_and_table_and_bob_gets_403_without_any_of_it() {
        long jobId = slurm.sbatch("c1", "alice", "team-a", "-J", "federa-usage-page", "-c", "2", "--wrap", "sleep 3");
        // the job ran, was mirrored as COMPLETED and its usage recorded: 2 CPUs × its run time
        long cpuSeconds = await().atMost(Duration.ofSeconds(90))
                .until(() -> jdbc.queryForObject("""
                                select coalesce(sum(d.cpu_seconds), 0) from usage_days d join mirrored_jobs j
                                  on j.cluster_name = d.cluster_name and j.job_id = d.job_id
                                where d.job_id = ? and d.cluster_name = 'c1' and j.state = 'COMPLETED'
                                  and j.usage_recorded_at is not null""", Long.class, jobId), s -> s > 0);
        assertThat(cpuSeconds % 2).isZero();
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        var response = alice.navigate(portal() + "/usage?team=team-a&cluster=c1");
        assertThat(response.status()).isEqualTo(200);
        var cpuChart = alice.locator("#usage-chart-cpu svg");
        assertThat(alice.locator("#usage")).isVisible();
        assertThat(cpuChart).isVisible();
        assertThat(cpuChart).isVisible();
        assertThat(cpuChart).hasAttribute("role", "img");
        assertThat(alice.locator("#usage-chart-cpu svg title"))
                .hasText("CPU-hours of team team-a on c1, the last 30 days");
        assertThat(alice.locator("#usage-chart-gpu svg")).isVisible();
        var row = alice.locator("#usage-table tr[data-period='" + today + "'][data-cluster='c1']");
        assertThat(row).isVisible();
        // the page shows what the ledger holds (other team-a jobs on the shared c1 may add to it)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            alice.reload();
            JsonNode totals = api(alice, "team=team-a&cluster=c1&by=day&from=" + today + "&to=" + today)
                    .path("totals");
            assertThat(totals.size()).isEqualTo(1);
            double cpuHours = totals.get(0).path("cpuHours").asDouble();
            assertThat(totals.get(0).path("cpuSeconds").asLong()).isGreaterThanOrEqualTo(cpuSeconds);
            assertThat(row.locator("td").nth(2).textContent()).isEqualTo(hours(cpuHours));
            // this test's job asked for no GPU; another team-a job on the shared c1 may have used one
            assertThat(row.locator("td").nth(3).textContent())
                    .isEqualTo(hours(totals.get(0).path("gpuHours").asDouble()));
        });
        Browser.screenshot(alice, "usage");

        // by month; and a cluster without jobs explains itself
        alice.navigate(portal() + "/usage?team=team-a&period=months");
        assertThat(alice.locator(
                        "#usage-table tr[data-period='" + YearMonth.now(ZoneOffset.UTC) + "'][data-cluster='c1']"))
                .isVisible();
        alice.navigate(portal() + "/usage?team=team-a&cluster=c9");
        assertThat(alice.locator("#usage-empty"))
                .hasText("No jobs of team team-a have run on c9 in the last 30 days. Usage appears here once a "
                        + "job under one of the team's Slurm accounts has started.");
        alice.context().close();

        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        var forbidden = bob.navigate(portal() + "/usage?team=team-a&cluster=c1");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(bob.locator("#not-allowed")).containsText("Not allowed");
        String body = forbidden.text();
        assertThat(body).doesNotContain("CPU-hours", "usage-table", "svg", String.valueOf(jobId));
        var apiAnswer = bob.request().get(portal() + "/api/usage?team=team-a");
        assertThat(apiAnswer.status()).isEqualTo(403);
        assertThat(apiAnswer.text()).doesNotContain("cpuHours", "c1");
        // his own team's page opens
        assertThat(bob.navigate(portal() + "/usage?team=team-b").status()).isEqualTo(200);
        assertThat(bob.locator("#usage-team")).isVisible();
        bob.context().close();
    }

    @Test
    void the_usage_api_answers_a_bad_range_with_a_fixed_message_not_the_ledgers_words() {
        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");

        var backwards = alice.request().get(portal() + "/api/usage?team=team-a&from=2026-02-01&to=2026-01-01");
        var tooLong = alice.request().get(portal() + "/api/usage?team=team-a&from=1990-01-01&to=2026-01-01");

        for (var answer : java.util.List.of(backwards, tooLong)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(json.readTree(answer.text()).path("detail").asString())
                    .isEqualTo("The range is not valid: from must be on or before to, and a range covers at most "
                            + "about ten years.");
        }
        assertThat(backwards.text()).doesNotContain("ends before it starts").doesNotContain("2026-02-01");
        alice.context().close();
    }

    private JsonNode api(Page page, String query) {
        var answer = page.request().get(portal() + "/api/usage?" + query);
        assertThat(answer.status()).isEqualTo(200);
        return json.readTree(answer.text());
    }

    /** As the page formats hours. */
    private static String hours(double h) {
        if (h == 0) {
            return "0";
        }
        if (h >= 100) {
            return String.format(Locale.ROOT, "%.0f", h);
        }
        return String.format(Locale.ROOT, h >= 0.1 ? "%.2f" : "%.4f", h);
    }
}
