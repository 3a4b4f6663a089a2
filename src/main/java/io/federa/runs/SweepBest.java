package io.federa.runs;

import java.util.List;

/**
 * The best trial of a sweep by its objective ({@link SweepObjective#best}).
 *
 * @param tiedTrials other trials with exactly the same value
 * @param trialsWithoutValue trials that reported no usable value of the metric (yet)
 */
public record SweepBest(SweepTrialRun trial, double value, List<Integer> tiedTrials, List<Integer> trialsWithoutValue) {

    public SweepBest {
        tiedTrials = List.copyOf(tiedTrials);
        trialsWithoutValue = List.copyOf(trialsWithoutValue);
    }
}
