package io.federa.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The best trial of a sweep by one metric's final value. A trial that did not report the metric, or
 * reported NaN or an infinity (a diverged loss), takes no part and is listed as without a value. Ties
 * go to the lowest trial index; the others with the same value are listed.
 */
public final class SweepObjective {

    public enum Goal {
        MINIMIZE,
        MAXIMIZE
    }

    /**
     * @param trialIndex the winner (= its array task id)
     * @param tiedTrials other trials with exactly the same value, ascending
     * @param trialsWithoutValue trials that have no usable value of the metric, ascending
     */
    public record Best(int trialIndex, double value, List<Integer> tiedTrials, List<Integer> trialsWithoutValue) {
        public Best {
            tiedTrials = List.copyOf(tiedTrials);
            trialsWithoutValue = List.copyOf(trialsWithoutValue);
        }
    }

    private SweepObjective() {}

    /**
     * @param trialCount the sweep's trials are 0 .. trialCount-1
     * @param finalMetrics trial index → metric name → final value (a trial may be absent)
     * @return empty when no trial has a usable value of {@code metric}
     */
    public static Optional<Best> best(
            int trialCount, Map<Integer, ? extends Map<String, Double>> finalMetrics, String metric, Goal goal) {
        Integer bestIndex = null;
        double bestValue = 0;
        var ties = new ArrayList<Integer>();
        var without = new ArrayList<Integer>();
        for (int i = 0; i < trialCount; i++) {
            Map<String, Double> metrics = finalMetrics.get(i);
            Double value = metrics != null ? metrics.get(metric) : null;
            if (value == null || !Double.isFinite(value)) {
                without.add(i);
                continue;
            }
            if (bestIndex == null || (goal == Goal.MINIMIZE ? value < bestValue : value > bestValue)) {
                bestIndex = i;
                bestValue = value;
                ties.clear();
            } else if (value == bestValue) { // finite values only; 0.0 and -0.0 tie
                ties.add(i);
            }
        }
        return bestIndex == null ? Optional.empty() : Optional.of(new Best(bestIndex, bestValue, ties, without));
    }
}
