package io.federa.bench;

import static io.federa.support.Federation.alice;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import io.federa.identity.UserLoggedIn;
import io.federa.support.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run page of a run with 3 metrics × 100,000 points, in Chromium against the real portal (the
 * production bundle, real Keycloak login): time to the first chart and bytes the browser received for
 * a page load, and what one live update costs (bytes received, ms from the job's POST to the chart
 * showing the new points). Prints a table (and writes target/bench/run-page.md); asserts nothing about
 * time. Run with {@code scripts/bench.sh run-page}. The DOM checks accept the server-drawn SVG charts
 * of before issue 20 as well, so the same class measures both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class RunPageBenchmark {

    static final int POINTS = Integer.getInteger("bench.points", 100_000);
    static final int LOADS = Integer.getInteger("bench.loads", 5);
    static final int UPDATES = Integer.getInteger("bench.updates", 5);
    static final int UPDATE_POINTS = Integer.getInteger("bench.update.points", 100);
    static final List<String> KEYS = List.of("accuracy", "loss", "lr");
    static final String RUN = "r-benchpageaaa"; // the run route takes r- and 12 of [a-z2-7]

    /** True once the page shows a drawn chart (browser-drawn, or the server's SVG before issue 20). */
    private static final String FIRST_CHART = """
            () => [...document.querySelectorAll('#run-charts federa-line-chart')].some(c => Number(c.dataset.points) > 0)
               || document.querySelector('#run-charts .metric-chart svg') != null""";

    private static final String CHARTS = """
            () => document.querySelectorAll('#run-charts federa-line-chart[data-points], #run-charts .metric-chart svg').length""";

    private static final String LAST_STEP = """
            () => { const c = document.querySelector('#run-charts federa-line-chart, #run-charts .metric-chart');
                    return c ? Number(c.dataset.lastX ?? c.dataset.lastStep ?? 0) : 0; }""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> report = new ArrayList<>();

    @Test
    void run() throws Exception {
        tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(alice())));
        String token = seed();
        report.add("(machine: " + Runtime.getRuntime().availableProcessors() + " cores; load average "
                + RunsBenchmark.loadAverage() + "; run with " + KEYS.size() + " metrics × " + POINTS + " points)");
        report.add("");
        try (Browser browser = new Browser()) {
            Page page = browser.newPage();
            Browser.logIn(page, "http://localhost:" + port, "alice");
            CDPSession cdp = page.context().newCDPSession(page);
            AtomicLong received = new AtomicLong();
            cdp.send("Network.enable");
            cdp.on("Network.loadingFinished", e -> received.addAndGet(number(e, "encodedDataLength")));
            cdp.on(
                    "Network.webSocketFrameReceived",
                    e -> received.addAndGet(e.getAsJsonObject("response")
                            .get("payloadData")
                            .getAsString()
                            .getBytes(StandardCharsets.UTF_8)
                            .length));

            report.add("## Run page load (" + LOADS + " loads; the first with an empty browser cache)");
            report.add("");
            report.add("| load | time to first chart ms | time to all charts ms | charts | bytes received |");
            report.add("|---|---:|---:|---:|---:|");
            page.navigate("about:blank");
            cdp.send("Network.clearBrowserCache");
            long[] first = new long[LOADS];
            long[] all = new long[LOADS];
            long[] bytes = new long[LOADS];
            for (int i = 0; i < LOADS; i++) {
                page.navigate("about:blank");
                received.set(0);
                long t0 = System.nanoTime();
                page.navigate("http://localhost:" + port + "/runs/" + RUN);
                page.waitForFunction(FIRST_CHART, null, new Page.WaitForFunctionOptions().setTimeout(120_000));
                first[i] = (System.nanoTime() - t0) / 1_000_000;
                int charts = settledCharts(page);
                all[i] = (System.nanoTime() - t0) / 1_000_000;
                bytes[i] = received.get();
                report.add("| " + (i == 0 ? "1 (cold cache)" : String.valueOf(i + 1)) + " | " + first[i] + " | "
                        + all[i] + " | " + charts + " | " + String.format("%,d", bytes[i]) + " |");
            }
            if (LOADS > 1) {
                report.add("| median of loads 2–" + LOADS + " | " + median(first, 1) + " | " + median(all, 1) + " | | "
                        + String.format("%,d", median(bytes, 1)) + " |");
            }
            report.add("");

            report.add("## Live update with the page open (" + UPDATES + " updates of " + UPDATE_POINTS
                    + " new points per metric, one POST each, 2.5 s apart)");
            report.add("");
            report.add("| update | ms from POST to the chart showing it | bytes received |");
            report.add("|---|---:|---:|");
            long[] ms = new long[UPDATES];
            long[] upd = new long[UPDATES];
            long step = POINTS;
            for (int u = 0; u < UPDATES; u++) {
                page.waitForTimeout(2500); // past the page's 2 s chart throttle, so no update waits for it
                received.set(0);
                long target = step + UPDATE_POINTS;
                long t0 = System.nanoTime();
                post(token, step + 1, target);
                page.waitForFunction(
                        "(t) => (" + LAST_STEP + ")() >= t",
                        (int) target,
                        new Page.WaitForFunctionOptions().setTimeout(60_000));
                ms[u] = (System.nanoTime() - t0) / 1_000_000;
                page.waitForTimeout(300); // frames that follow the one that drew it
                upd[u] = received.get();
                step = target;
                report.add("| " + (u + 1) + " | " + ms[u] + " | " + String.format("%,d", upd[u]) + " |");
            }
            report.add("| median | " + median(ms, 0) + " | " + String.format("%,d", median(upd, 0)) + " |");
            report.add("");
            Browser.screenshot(page, "bench-run-page");
        }
        Path out = Path.of("target", "bench", "run-page.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    /** Waits until the number of drawn charts has not changed for a second (at most 60 s), returns it. */
    private static int settledCharts(Page page) {
        int seen = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            int now = ((Number) page.evaluate(CHARTS)).intValue();
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            } else if (now == KEYS.size() || System.nanoTime() - stableSince > 1_000_000_000L) {
                return now;
            }
            page.waitForTimeout(50);
        }
        return seen;
    }

    /** One running run of team-a (alice's), with a known report token and 3 × POINTS metric points. */
    private String seed() throws Exception {
        String token = "frt_bench-page-" + Long.toHexString(System.nanoTime());
        jdbc.update("""
                insert into runs (id, team, owner, cluster_name, slurm_user, account, script, job_name, tasks,
                    cpus_per_task, gpus, output_path, working_directory, exclusive, state, created_at,
                    submitted_at, token_hash)
                values (?, 'team-a', 'alice', 'c1', 'alice', 'team-a', E'#!/bin/bash\\necho bench', 'bench', 1, 1,
                    0, '/tmp/o', '/tmp', false, 'RUNNING', now(), now(), ?)""", RUN, sha256(token));
        jdbc.update("""
                insert into run_metrics (run_id, key, step, value, at)
                select ?, k, s,
                    case k when 'loss' then 2.0 * exp(-s / 30000.0) + (s % 97) / 1000.0
                           when 'accuracy' then 1.0 - exp(-s / 25000.0) * 0.9
                           else 0.001 * (1 - s / (? + 1.0)) end,
                    now() - (? - s) * interval '10 milliseconds'
                from unnest(?::varchar[]) k, generate_series(1, ?) s""", RUN, POINTS, POINTS, KEYS.toArray(new String[0]), POINTS);
        jdbc.execute("vacuum analyze run_metrics");
        return token;
    }

    private void post(String token, long from, long to) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (String key : KEYS) {
            for (long s = from; s <= to; s++) {
                if (body.length() > 1) {
                    body.append(',');
                }
                body.append("{\"key\":\"")
                        .append(key)
                        .append("\",\"step\":")
                        .append(s)
                        .append(",\"value\":")
                        .append(0.5 + (s % 7) / 100.0)
                        .append('}');
            }
        }
        body.append(']');
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/" + RUN + "/metrics"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("metrics POST answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static long number(JsonObject event, String field) {
        return event.has(field) ? (long) event.get(field).getAsDouble() : 0;
    }

    private static long median(long[] values, int from) {
        long[] v = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
