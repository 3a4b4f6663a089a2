package io.federa.runs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.identity.UserLoggedIn;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.StoredRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Comparing runs reads every run at once (issue 12 item 5) and shows exactly what reading them one by
 * one shows: the same final value per key (highest step, then latest) and the same thinned curves. Ten
 * runs on the real PostgreSQL: short series that come whole, a long one that is thinned, a key that
 * only some runs have, a repeated last step, and a run with no metrics.
 */
@FederaIntegrationTest
class RunComparisonsIT {

    @Autowired
    RunComparisons comparisons;

    @Autowired
    Runs runs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void tenRunsOfTeamA() {
        tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(alice())));
        String prefix = "r-cmp" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-";
        for (int i = 0; i < Runs.MAX_COMPARE; i++) {
            String id = prefix + i;
            ids.add(id);
            StoredRuns.insert(jdbc, id, "team-a", "COMPLETED");
            if (i == 9) {
                continue; // no metrics at all
            }
            int steps = i == 0 ? 5_000 : 1_000;
            // loss falls differently per run; accuracy rises; lr only on even runs
            jdbc.update("""
                    insert into run_metrics (run_id, key, step, value, at)
                    select ?, 'loss', s, (? + 1) * 2.0 / (s + 1) + case s when 777 then 50 else 0 end,
                        now() - interval '1 hour' + s * interval '1 second'
                    from generate_series(1, ?) s""", id, i, steps);
            jdbc.update("""
                    insert into run_metrics (run_id, key, step, value, at)
                    select ?, 'accuracy', s, 1 - 1.0 / (s + ?), now() - interval '1 hour' + s * interval '1 second'
                    from generate_series(1, ?) s""", id, i + 1, steps);
            if (i % 2 == 0) {
                jdbc.update("""
                        insert into run_metrics (run_id, key, step, value, at)
                        select ?, 'lr', s, 0.001 * ?, now() - interval '1 hour' + s * interval '1 second'
                        from generate_series(1, 10) s""", id, i + 1);
            }
        }
        // the job posted its last loss twice: the later value counts
        jdbc.update(
                "insert into run_metrics (run_id, key, step, value, at) values (?, 'loss', 1000, 0.123, now())",
                ids.get(3));
    }

    @Test
    void final_values_of_ten_runs_are_each_runs_last_point_per_key() {
        RunComparison comparison = comparisons.compare(alice(), ids).orElseThrow();

        assertThat(comparison.runs()).extracting(Run::id).containsExactlyElementsOf(ids);
        assertThat(comparison.keys()).containsExactly("accuracy", "loss", "lr");
        for (String id : ids) {
            Map<String, MetricPoint> expected = new java.util.TreeMap<>();
            runs.lastMetrics(alice(), id).forEach(p -> expected.put(p.key(), p));
            assertThat(comparison.finals().getOrDefault(id, Map.of()))
                    .as("run %s", id)
                    .isEqualTo(expected);
        }
        assertThat(comparison.finals().get(ids.get(3)).get("loss").value()).isEqualTo(0.123);
        assertThat(comparison.finals().get(ids.get(0)).get("loss").step()).isEqualTo(5_000L);
        assertThat(comparison.finals().get(ids.get(1))).doesNotContainKey("lr");
        assertThat(comparison.finals()).doesNotContainKey(ids.get(9));
    }

    @Test
    void curves_of_ten_runs_in_one_read_are_the_curves_read_run_by_run() {
        for (String key : List.of("loss", "accuracy", "lr")) {
            for (int points : new int[] {1_200, 200}) {
                Map<String, List<MetricPoint>> together = comparisons.curves(alice(), ids, key, null, null, points);
                for (String id : ids) {
                    List<MetricPoint> alone = runs.metricCurve(alice(), id, key, null, null, points);
                    // the same points: steps and values (a time may differ by a microsecond, which the
                    // one-run read passes through a float8 epoch)
                    assertThat(together.getOrDefault(id, List.of()))
                            .as("%s of run %s at %d points", key, id, points)
                            .extracting(MetricPoint::key, MetricPoint::step, MetricPoint::value)
                            .containsExactlyElementsOf(alone.stream()
                                    .map(p -> org.assertj.core.groups.Tuple.tuple(p.key(), p.step(), p.value()))
                                    .toList());
                }
            }
        }
        List<MetricPoint> longLoss =
                comparisons.curves(alice(), ids, "loss", null, null, 1_200).get(ids.get(0));
        assertThat(longLoss).as("5,000 points thinned").hasSizeBetween(600, 1_200);
        assertThat(longLoss.getFirst().step()).isEqualTo(1L);
        assertThat(longLoss.getLast().step()).isEqualTo(5_000L);
        assertThat(longLoss).extracting(MetricPoint::value).contains(1 * 2.0 / 778 + 50);
        assertThat(comparisons.curves(alice(), ids, "loss", null, null, 1_200).get(ids.get(5)))
                .as("1,000 points come whole")
                .hasSize(1_000);
        Map<String, List<MetricPoint>> zoomed = comparisons.curves(alice(), ids, "loss", 770L, 779L, 200);
        assertThat(zoomed.get(ids.get(0)))
                .extracting(MetricPoint::step)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(770, 779).mapToObj(Long::valueOf).toList());
    }

    @Test
    void the_first_drawing_reads_every_keys_curves_in_one_read_thinned_to_the_charts_width() {
        List<String> keys = List.of("loss", "accuracy", "lr");
        Map<String, Map<String, List<MetricPoint>>> all = comparisons.curves(alice(), ids, keys, null, null, 600);
        assertThat(all).containsOnlyKeys(keys);
        for (String key : keys) {
            assertThat(all.get(key))
                    .as("%s: the same as one key's read", key)
                    .isEqualTo(comparisons.curves(alice(), ids, key, null, null, 600));
        }
        // a 5,000-point series at a 600-pixel chart is thinned to its width, keeping its ends and its spike
        List<MetricPoint> loss = all.get("loss").get(ids.get(0));
        assertThat(loss).hasSizeBetween(300, 600);
        assertThat(loss.getFirst().step()).isEqualTo(1L);
        assertThat(loss.getLast().step()).isEqualTo(5_000L);
        assertThat(loss).extracting(MetricPoint::value).contains(1 * 2.0 / 778 + 50);
        // one of 1,000 points is thinned too, from the buckets stored at ingest (V0034), keeping its ends
        assertThat(all.get("loss").get(ids.get(5)))
                .hasSizeBetween(150, 600)
                .extracting(MetricPoint::step)
                .startsWith(1L)
                .endsWith(1_000L);
        assertThat(all.get("lr").get(ids.get(2))).as("10 points come whole").hasSize(10);
        assertThat(all.get("lr")).doesNotContainKey(ids.get(1));
        assertThat(comparisons.curves(bob(), ids, keys, null, null, 600)).isEmpty();
    }

    @Test
    void another_teams_runs_are_neither_compared_nor_drawn_and_more_than_the_maximum_is_refused() {
        assertThat(comparisons.compare(bob(), ids)).isEmpty();
        assertThat(comparisons.compare(bob(), List.of(ids.get(0)))).isEmpty();
        assertThat(comparisons.curves(bob(), ids, "loss", null, null, 600)).isEmpty();
        assertThat(comparisons.compare(alice(), List.of(ids.get(0), "r-nosuchrun00")))
                .isEmpty();

        List<String> tooMany = new ArrayList<>(ids);
        tooMany.add("r-onetoomany0");
        assertThatThrownBy(() -> comparisons.compare(alice(), tooMany)).isInstanceOf(IllegalArgumentException.class);
    }
}
