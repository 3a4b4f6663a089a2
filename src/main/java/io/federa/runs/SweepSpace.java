package io.federa.runs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
 *
 * <p>Anyone who may submit a sweep can send this text, so it is read by hand, in one pass over each
 * line, never by a backtracking regular expression (a pattern for "from..to" over digits and dots
 * needed seconds for a few kilobytes); a line longer than {@link #MAX_LINE} is refused unread.
 */
public final class SweepSpace {

    /** The longest text accepted. */
    static final int MAX_CHARS = 100_000;

    /** The longest parameter line accepted: longer ones are refused before they are read. */
    public static final int MAX_LINE = 1024;

    private static final List<String> KINDS = List.of("step", "log", "linear");

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
            if (lines[i].length() > MAX_LINE) {
                problems.add(String.format(
                        Locale.ROOT,
                        "Line %d has %,d characters; a parameter line may have at most %d.",
                        i + 1,
                        lines[i].length(),
                        MAX_LINE));
                continue;
            }
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
        int eq = line.indexOf('=');
        String name = eq < 0 ? "" : line.substring(0, eq).strip();
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("write name = values, e.g. lr = 0.001, 0.01 or epochs = 1..3.");
        }
        String value = line.substring(eq + 1).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("give values after the =.");
        }
        SweepParameter range = range(name, value);
        if (range != null) {
            return range;
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(
                    "a range is from..to, optionally followed by \"step N\", \"log N\" or \"linear N\".");
        }
        return new SweepParameter.Choice(
                name, Arrays.stream(value.split(",")).map(String::strip).toList());
    }

    /**
     * {@code from..to [step|log|linear [N]]}, from and to written with digits, signs, dots and e; null
     * when the value is not written that way. One pass: the first ".." splits it, the rest is words.
     */
    private static @org.jspecify.annotations.Nullable SweepParameter range(String name, String value) {
        int dots = value.indexOf("..");
        if (dots < 0) {
            return null;
        }
        String from = value.substring(0, dots).stripTrailing();
        List<String> words = words(value.substring(dots + 2));
        if (!numeric(from)
                || words.isEmpty()
                || words.size() > 3
                || !numeric(words.get(0))
                || (words.size() > 1 && !KINDS.contains(words.get(1)))) {
            return null;
        }
        String to = words.get(0);
        String kind = words.size() > 1 ? words.get(1) : null;
        String count = words.size() > 2 ? words.get(2) : null;
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

    /** Digits, signs, dots and e only (at least one): what a number of a range is written with. */
    private static boolean numeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** The words of {@code s}, split at whitespace. */
    private static List<String> words(String s) {
        var words = new ArrayList<String>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(s.substring(start, i));
            }
        }
        return words;
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
