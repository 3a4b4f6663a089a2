package io.federa.runs;

import java.util.List;

/**
 * A parameter space and how to search it. See docs/adr/0012-sweeps-as-job-arrays.md.
 *
 * @param strategy GRID: every combination, in a stable order (the first parameter varies slowest);
 *     RANDOM: {@code samples} draws, reproducible from {@code seed}
 * @param samples how many trials random search draws (ignored by GRID)
 * @param seed the same seed gives the same trials
 * @param maxTrials the most trials this sweep may have; a bigger grid is refused, not cut
 */
public record SweepSpec(List<SweepParameter> parameters, Strategy strategy, int samples, long seed, int maxTrials) {

    public SweepSpec {
        parameters = List.copyOf(parameters);
    }

    public static SweepSpec grid(List<SweepParameter> parameters, int maxTrials) {
        return new SweepSpec(parameters, Strategy.GRID, 0, 0, maxTrials);
    }

    public static SweepSpec random(List<SweepParameter> parameters, int samples, long seed, int maxTrials) {
        return new SweepSpec(parameters, Strategy.RANDOM, samples, seed, maxTrials);
    }

    public enum Strategy {
        GRID,
        RANDOM
    }
}
