package io.federa.runs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.runs.MetricPoint;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.StoredRuns;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * run_metrics checks its run once per statement instead of with a per-row foreign key (V0017): the
 * guarantees of the foreign key still hold.
 */
@FederaIntegrationTest
class RunMetricsIntegrityIT {

    @Autowired
    JdbcReportStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void points_of_a_run_that_does_not_exist_are_refused_and_deleting_a_run_deletes_its_points() {
        String id = "r-integrity" + Long.toString(System.nanoTime() % 100_000, 36);
        insertRun(id);
        var points = List.of(
                new MetricPoint("loss", 1, 0.5, Instant.now()), new MetricPoint("loss", 2, 0.25, Instant.now()));

        assertThat(store.insertMetrics(id, points)).isEqualTo(2);
        assertThatThrownBy(() -> store.insertMetrics("r-nosuchrun", points))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("does not exist");
        assertThat(count("r-nosuchrun")).isZero();

        jdbc.update("delete from runs where id = ?", id);
        assertThat(count(id)).isZero();
    }

    @Test
    void a_log_view_starts_at_the_end_of_a_long_log() {
        String id = "r-logtail" + Long.toString(System.nanoTime() % 100_000, 36);
        insertRun(id);
        var lines = java.util.stream.IntStream.rangeClosed(1, 12_000)
                .mapToObj(i -> "line " + i)
                .toList();
        store.appendLogs(id, lines, Instant.now());

        assertThat(store.logTail(id, 500))
                .extracting(io.federa.runs.RunLogLine::line)
                .hasSize(500)
                .startsWith("line 11501")
                .endsWith("line 12000");
        assertThat(store.logs(id, 0, 3))
                .extracting(io.federa.runs.RunLogLine::line)
                .containsExactly("line 1", "line 2", "line 3");
        jdbc.update("delete from runs where id = ?", id);
    }

    private void insertRun(String id) {
        StoredRuns.insert(jdbc, id, "team-a", "COMPLETED");
    }

    private long count(String runId) {
        return jdbc.queryForObject("select count(*) from run_metrics where run_id = ?", Long.class, runId);
    }
}
