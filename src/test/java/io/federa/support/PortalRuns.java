package io.federa.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs through the REST API of a portal process, as a person logged in with a browser page. */
public final class PortalRuns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PortalRuns() {}

    /** The body of a run of team-a on c1. */
    public static String submission(String script) {
        return JSON.createObjectNode()
                .put("team", "team-a")
                .put("cluster", "c1")
                .put("script", script)
                .toString();
    }

    /** Sends a run of team-a to c1 (with the session's CSRF token); returns its id. */
    public static String submit(Page page, PortalProcess portal, String script) {
        JsonNode csrf =
                JSON.readTree(page.request().get(portal.url() + "/api/csrf").text());
        APIResponse created = page.request()
                .post(
                        portal.url() + "/api/runs",
                        RequestOptions.create()
                                .setHeader("Content-Type", "application/json")
                                .setHeader(
                                        csrf.path("headerName").asString(),
                                        csrf.path("token").asString())
                                .setData(submission(script)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return JSON.readTree(created.text()).path("id").asString();
    }

    public static JsonNode details(Page page, PortalProcess portal, String runId) {
        APIResponse r = page.request().get(portal.url() + "/api/runs/" + runId);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.text()).path("run");
    }

    public static String state(Page page, PortalProcess portal, String runId) {
        return details(page, portal, runId).path("state").asString();
    }

    /** Waits for the run to end and asserts it COMPLETED (its reason otherwise); returns its details. */
    public static JsonNode awaitCompleted(Page page, PortalProcess portal, String runId, Duration within) {
        JsonNode run = Awaitility.await()
                .atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> details(page, portal, runId),
                        r -> isFinal(r.path("state").asString()));
        assertThat(run.path("state").asString())
                .as(run.path("stateReason").asString())
                .isEqualTo("COMPLETED");
        return run;
    }

    public static boolean isFinal(String state) {
        return List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "LOST").contains(state);
    }
}
