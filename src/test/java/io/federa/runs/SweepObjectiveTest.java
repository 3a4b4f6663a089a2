package io.federa.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.runs.SweepObjective.Goal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepObjectiveTest {

    private static final Map<Integer, Map<String, Double>> METRICS = Map.of(
            0, Map.of("loss", 0.5, "acc", 0.80),
            1, Map.of("loss", 0.2, "acc", 0.91),
            2, Map.of("acc", 0.95), // crashed before it logged a loss
            3, Map.of("loss", 0.2, "acc", 0.91),
            5, Map.of("loss", Double.NaN, "acc", 0.10));

    @Test
    void picks_the_lowest_or_highest_final_value_of_the_chosen_metric() {
        assertThat(SweepObjective.best(6, METRICS, "loss", Goal.MINIMIZE)).hasValueSatisfying(b -> {
            assertThat(b.trialIndex()).isEqualTo(1);
            assertThat(b.value()).isEqualTo(0.2);
        });
        assertThat(SweepObjective.best(6, METRICS, "acc", Goal.MAXIMIZE)).hasValueSatisfying(b -> {
            assertThat(b.trialIndex()).isEqualTo(2);
            assertThat(b.tiedTrials()).isEmpty();
            assertThat(b.trialsWithoutValue()).containsExactly(4);
        });
        assertThat(SweepObjective.best(6, METRICS, "loss", Goal.MAXIMIZE))
                .hasValueSatisfying(b -> assertThat(b.trialIndex()).isZero());
    }

    @Test
    void a_tie_goes_to_the_lowest_index_and_names_the_others() {
        assertThat(SweepObjective.best(6, METRICS, "loss", Goal.MINIMIZE)).hasValueSatisfying(b -> {
            assertThat(b.trialIndex()).isEqualTo(1);
            assertThat(b.tiedTrials()).containsExactly(3);
        });
        var zeros = Map.of(0, Map.of("m", -0.0), 1, Map.of("m", 0.0));
        assertThat(SweepObjective.best(2, zeros, "m", Goal.MAXIMIZE)).hasValueSatisfying(b -> {
            assertThat(b.trialIndex()).isZero();
            assertThat(b.tiedTrials()).containsExactly(1);
        });
    }

    @Test
    void trials_without_a_usable_value_take_no_part_and_are_listed() {
        var metrics = new HashMap<>(METRICS);
        metrics.put(4, Map.of("loss", Double.NEGATIVE_INFINITY));

        assertThat(SweepObjective.best(6, metrics, "loss", Goal.MINIMIZE)).hasValueSatisfying(b -> {
            assertThat(b.trialIndex()).isEqualTo(1);
            assertThat(b.trialsWithoutValue()).as("missing, diverged, NaN").containsExactly(2, 4, 5);
        });
    }

    @Test
    void no_trial_with_the_metric_means_no_best() {
        assertThat(SweepObjective.best(6, METRICS, "f1", Goal.MAXIMIZE)).isEmpty();
        assertThat(SweepObjective.best(0, Map.of(), "loss", Goal.MINIMIZE)).isEmpty();
    }
}
