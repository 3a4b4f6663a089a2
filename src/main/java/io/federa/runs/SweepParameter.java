package io.federa.runs;

import java.util.List;

/**
 * One dimension of a sweep's parameter space. Its name becomes the environment variable {@code
 * FEDERA_PARAM_<NAME>} of every trial (upper-cased; see {@link SweepExpansion#environmentName}).
 * Checked by {@link SweepExpansion#problems(SweepSpec)}, never by the constructors, so that a form
 * can show every problem at once.
 */
public sealed interface SweepParameter {

    String name();

    /** Whole numbers {@code from, from+step, …} up to and including {@code to}. */
    record IntRange(String name, long from, long to, long step) implements SweepParameter {}

    /**
     * Real numbers between {@code from} and {@code to} (both included). A grid takes {@code points}
     * values spaced evenly on the scale (LOG: evenly in the exponent, e.g. 1e-4, 1e-3, 1e-2); random
     * search draws uniformly on the scale and ignores {@code points}.
     */
    record FloatRange(String name, double from, double to, int points, Scale scale) implements SweepParameter {}

    /** One of the given values, as text (checked against {@link SweepExpansion#SAFE_VALUE}). */
    record Choice(String name, List<String> values) implements SweepParameter {
        public Choice {
            values = List.copyOf(values);
        }
    }

    enum Scale {
        LINEAR,
        LOG
    }
}
