package io.federa.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter space written as text, one parameter a line, as the "New sweep" form and {@code POST
 * /api/sweeps} take it (and as a sweep stores it):
 *
 * <pre>
 * lr = 0.001, 0.01, 0.1           one of the listed values
 * epochs = 1..3                   whole numbers 1, 2, 3 (also "0..10 step 2")
 * wd = 0.0001..0.1 log 4          4 points evenly in the exponent (random search ignores the count)
 * dropout = 0.1..0.5 linear 5     5 evenly spaced points
 * </pre>
 *
 * Empty lines and lines starting with {@code #} are skipped. What the lines mean is checked by {@link
 * SweepExpansion#problems}; here only the notation.
 */
public final class SweepSpace {

    private static final Pattern LINE = Pattern.compile("([^=\\s]+)\\s*=\\s*(.*)");
    private static final Pattern RANGE =
            Pattern.compile("([-+0-9.eE]+?)\\s*\\.\\.\\s*([-+0-9.eE]+)(?:\\s+(step|log|linear)(?:\\s+(\\S+))?)?");
    private static final int MAX_CHARS = 100_000;

    /** The most trials a sweep written this way may have (a cluster's MaxArraySize is 1001 by default). */
    public static final int MAX_TRIALS = 1000;

    private SweepSpace() {}

    /**
     * The spec of a space written as text: GRID takes every combination, RANDOM {@code samples} draws
     * from {@code seed}; at most {@link #MAX_TRIALS} trials.
     *
     * @throws InvalidSweepException every line that is not in the notation
     */
    public static SweepSpec spec(String text, SweepSpec.Strategy strategy, int samples, long seed) {
        List<SweepParameter> parameters = parse(text);
        return strategy == SweepSpec.Strategy.GRID
                ? SweepSpec.grid(parameters, MAX_TRIALS)
                : SweepSpec.random(parameters, samples, seed, MAX_TRIALS);
    }

    /**
     * The parameters of the text, in order.
     *
     * @throws InvalidSweepException every line that is not in the notation, with its number
     */
    public static List<SweepParameter> parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidSweepException("The parameters take at most " + MAX_CHARS / 1000 + " k characters.");
        }
        var parameters = new ArrayList<SweepParameter>();
        var problems = new ArrayList<String>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                parameters.add(parameter(line));
            } catch (IllegalArgumentException e) {
                problems.add("Line " + (i + 1) + " (\"" + shorten(line) + "\"): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        if (parameters.isEmpty()) {
            throw new InvalidSweepException("Give at least one parameter, e.g. \"lr = 0.001, 0.01, 0.1\".");
        }
        return parameters;
    }

    /** The parameters in the notation {@link #parse} reads back. */
    public static String format(List<SweepParameter> parameters) {
        var out = new StringBuilder();
        for (SweepParameter p : parameters) {
            out.append(p.name()).append(" = ");
            switch (p) {
                case SweepParameter.Choice c -> out.append(String.join(", ", c.values()));
                case SweepParameter.IntRange r -> {
                    out.append(r.from()).append("..").append(r.to());
                    if (r.step() != 1) {
                        out.append(" step ").append(r.step());
                    }
                }
                case SweepParameter.FloatRange r ->
                    out.append(number(r.from()))
                            .append("..")
                            .append(number(r.to()))
                            .append(' ')
                            .append(r.scale().name().toLowerCase(Locale.ROOT))
                            .append(' ')
                            .append(r.points());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static SweepParameter parameter(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("write name = values, e.g. lr = 0.001, 0.01 or epochs = 1..3.");
        }
        String name = m.group(1);
        String value = m.group(2).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("give values after the =.");
        }
        Matcher range = RANGE.matcher(value);
        if (range.matches()) {
            return range(name, range);
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(
                    "a range is from..to, optionally followed by \"step N\", \"log N\" or \"linear N\".");
        }
        return new SweepParameter.Choice(
                name, Arrays.stream(value.split(",")).map(String::strip).toList());
    }

    private static SweepParameter range(String name, Matcher m) {
        String from = m.group(1);
        String to = m.group(2);
        String kind = m.group(3);
        String count = m.group(4);
        if (kind == null || "step".equals(kind)) {
            Long a = whole(from);
            Long b = whole(to);
            if (a != null && b != null) {
                long step = count == null ? 1 : wholeOrFail(count, "the step");
                return new SweepParameter.IntRange(name, a, b, step);
            }
            if ("step".equals(kind)) {
                throw new IllegalArgumentException("a range with a step takes whole numbers; for real numbers write "
                        + "\"linear N\" (N points).");
            }
        }
        double a = real(from);
        double b = real(to);
        int points = count == null ? 0 : (int) Math.min(Integer.MAX_VALUE, wholeOrFail(count, "the number of points"));
        var scale = "log".equals(kind) ? SweepParameter.Scale.LOG : SweepParameter.Scale.LINEAR;
        return new SweepParameter.FloatRange(name, a, b, points, scale);
    }

    private static @org.jspecify.annotations.Nullable Long whole(String s) {
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long wholeOrFail(String s, String what) {
        Long n = whole(s);
        if (n == null) {
            throw new IllegalArgumentException(what + " must be a whole number, not \"" + shorten(s) + "\".");
        }
        return n;
    }

    private static double real(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + shorten(s) + "\" is not a number.");
        }
    }

    private static String number(double d) {
        return SweepExpansion.format(d);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
