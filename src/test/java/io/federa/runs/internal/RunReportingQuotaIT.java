package io.federa.runs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.runs.RunArtifact;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.StoredRuns;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Storage quotas per run and per team on what jobs report (issue 19 item 5), through the real
 * RunReporting and PostgreSQL, with quotas small enough to reach: a run past its own quota and a
 * team past its quota are refused (429 at the endpoint) and nothing of the refused request is kept.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.runs.run-quota.metric-points=1000",
            "federa.runs.run-quota.log-size=100B",
            "federa.runs.run-quota.artifact-size=100B",
            "federa.runs.team-quota.metric-points=1500",
            "federa.runs.team-quota.log-size=150B",
            "federa.runs.team-quota.artifact-size=150B",
            "federa.runs.artifacts.dir=target/federa-test/quota-artifacts"
        })
class RunReportingQuotaIT {

    @Autowired
    RunReporting reporting;

    @LocalServerPort
    int port;

    @Autowired
    ArtifactFiles files;

    @Autowired
    JdbcTemplate jdbc;

    private String team;
    private RunCaller a;
    private RunCaller b;

    @BeforeEach
    void twoRunsOfOneTeam() {
        String suffix = Long.toString(System.nanoTime() % 10_000_000, 36);
        team = "team-q" + suffix;
        a = new RunCaller("r-qa" + suffix, team);
        b = new RunCaller("r-qb" + suffix, team);
        insertRun(a);
        insertRun(b);
    }

    @Test
    void metric_points_stop_at_the_runs_quota_and_then_at_the_teams() {
        assertThat(reporting.metrics(a, a.runId(), points(1000))).isEqualTo(1000);

        assertThatThrownBy(() -> reporting.metrics(a, a.runId(), points(1)))
                .isInstanceOfSatisfying(
                        ReportRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReportRefusedException.Kind.QUOTA))
                .hasMessageContaining("This run has stored 1,000 metric points")
                .hasMessageContaining("its quota of 1,000");
        assertThat(reporting.metrics(b, b.runId(), points(500))).isEqualTo(500);
        assertThatThrownBy(() -> reporting.metrics(b, b.runId(), points(1)))
                .isInstanceOfSatisfying(
                        ReportRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReportRefusedException.Kind.QUOTA))
                .hasMessageContaining("Team " + team + " has stored 1,500 metric points")
                .hasMessageContaining("its quota of 1,500");
        assertThat(jdbc.queryForObject(
                        "select count(*) from run_metrics where run_id in (?, ?)", Long.class, a.runId(), b.runId()))
                .isEqualTo(1500);
    }

    @Test
    void log_bytes_stop_at_the_runs_quota_and_then_at_the_teams() {
        assertThat(reporting.logs(a, a.runId(), List.of("x".repeat(60)))).isEqualTo(1);

        assertThatThrownBy(() -> reporting.logs(a, a.runId(), List.of("y".repeat(50))))
                .hasMessageContaining("This run has stored 60 bytes of log lines")
                .hasMessageContaining("its quota of 100");
        assertThat(reporting.logs(b, b.runId(), List.of("z".repeat(60)))).isEqualTo(1);
        assertThatThrownBy(() -> reporting.logs(b, b.runId(), List.of("w".repeat(40))))
                .hasMessageContaining("Team " + team + " has stored 120 bytes of log lines");
        assertThat(jdbc.queryForObject(
                        "select count(*) from run_logs where run_id in (?, ?)", Long.class, a.runId(), b.runId()))
                .isEqualTo(2);
    }

    @Test
    void artifact_bytes_stop_at_the_quotas_and_a_replaced_file_counts_once() throws Exception {
        assertThat(upload(a, "a.bin", 60).sizeBytes()).isEqualTo(60);

        assertThatThrownBy(() -> upload(a, "b.bin", 60))
                .isInstanceOfSatisfying(
                        ReportRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReportRefusedException.Kind.QUOTA))
                .hasMessageContaining("This run has stored 60 bytes of artifacts");
        assertThat(files.fileOf(team, a.runId(), "b.bin")).doesNotExist();
        assertThat(files.runDir(team, a.runId())).isDirectoryNotContaining("glob:**.tmp");
        // replacing a.bin by 90 bytes: the run holds 90, not 150
        assertThat(upload(a, "a.bin", 90).sizeBytes()).isEqualTo(90);
        assertThat(Files.size(files.fileOf(team, a.runId(), "a.bin"))).isEqualTo(90);
        assertThatThrownBy(() -> upload(b, "c.bin", 70))
                .hasMessageContaining("Team " + team + " has stored 90 bytes of artifacts");
        assertThat(upload(b, "c.bin", 60).sizeBytes()).isEqualTo(60);
    }

    @Test
    void the_endpoints_read_what_jobs_send_within_the_limits() throws Exception {
        String token = RunTokens.newToken();
        jdbc.update("update runs set token_hash = ? where id = ?", RunTokens.hash(token), a.runId());

        assertThat(post(token, "metrics", "application/json", """
                        [{"key":"loss","step":1,"value":0.5},{"key":"loss","step":2,"value":0.25,
                          "timestamp":"2026-12-01T10:00:00Z"},{"key":"acc","step":2,"value":0.9}]""")).isEqualTo("200 {\"stored\":3}");
        assertThat(post(token, "logs", "text/plain; charset=utf-8", "one\r\ntwo\n"))
                .isEqualTo("200 {\"stored\":2}");
        assertThat(post(token, "logs", "application/json", "[\"three\"]")).isEqualTo("200 {\"stored\":1}");
        assertThat(post(token, "params", "application/json", "{\"lr\":0.01,\"opt\":\"adam\"}"))
                .isEqualTo("200 {\"stored\":2}");
        assertThat(post(token, "tags", "application/json", "{\"stage\":\"it\"}"))
                .isEqualTo("200 {\"stored\":1}");
        assertThat(post(token, "metrics", "application/json", "{\"key\":\"loss\"}"))
                .startsWith("400 ");
        assertThat(post(token, "metrics", "application/json", "[{\"key\":\"loss\",\"step\":1,\"value\":"))
                .startsWith("400 ");
        assertThat(post(token, "params", "application/json", "[1]")).startsWith("400 ");
        assertThat(jdbc.queryForList(
                        "select line from run_logs where run_id = ? order by seq", String.class, a.runId()))
                .containsExactly("one", "two", "three");
        assertThat(jdbc.queryForObject("select metric_points from runs where id = ?", Long.class, a.runId()))
                .isEqualTo(3);
    }

    private String post(String token, String what, String type, String body) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/runs/" + a.runId() + "/" + what))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        }
    }

    private RunArtifact upload(RunCaller caller, String name, int size) throws Exception {
        return reporting.artifact(caller, caller.runId(), name, size, new ByteArrayInputStream(new byte[size]));
    }

    private static List<RunReporting.MetricInput> points(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new RunReporting.MetricInput("loss", (long) i, 0.5, null))
                .toList();
    }

    private void insertRun(RunCaller caller) {
        StoredRuns.insert(jdbc, caller.runId(), caller.team(), "RUNNING");
    }
}
