package io.federa.clusters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A job array's index specification as sbatch's {@code --array} takes it: indices and ranges separated
 * by commas, a range with an optional step, and an optional limit of tasks running at once —
 * {@code 0-5}, {@code 1,3,7}, {@code 0-10:2}, {@code 0-99%4}. Checked here, before anything reaches
 * Slurm, so that a bad one is refused with a message that says what to fix (see
 * docs/adr/0012-sweeps-as-job-arrays.md).
 *
 * @param spec the specification as Slurm gets it (whitespace trimmed)
 * @param indices every task index the specification names, ascending, without repeats
 * @param maxRunning the {@code %} limit, null for none
 */
public record JobArray(
        String spec, SortedSet<Integer> indices, @Nullable Integer maxRunning) {

    /**
     * The highest index Slurm can take at all (its MaxArraySize is at most 4000001). A cluster's own
     * MaxArraySize (1001 by default) may be lower: the cluster refuses such an array at submit.
     */
    public static final int MAX_INDEX = 4_000_000;

    /** More tasks than this in one array is a mistake here, whatever the cluster allows. */
    public static final int MAX_TASKS = 10_000;

    private static final int MAX_SPEC_LENGTH = 1000;
    private static final Pattern ITEM = Pattern.compile("(\\d{1,7})(?:-(\\d{1,7})(?::(\\d{1,7}))?)?");
    private static final Pattern LIMIT = Pattern.compile("\\d{1,7}");
    private static final String HOW = "write indices and ranges separated by commas, e.g. 0-5, 1,3,7, 0-10:2 "
            + "(every second index) or 0-5%2 (at most 2 tasks at once)";

    public JobArray {
        indices = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(indices));
    }

    /** Parses and checks a specification; a message that says what to fix when it is not one. */
    public static JobArray parse(String spec) {
        return parseOrProblem(spec).fold();
    }

    /** The problem with a specification in words a user understands, or empty when it is fine. */
    public static Optional<String> problem(@Nullable String spec) {
        if (spec == null) {
            return Optional.of("The job array is missing: " + HOW + ".");
        }
        return Optional.ofNullable(parseOrProblem(spec).problem());
    }

    /** Tasks {@code 0 .. count-1}, at most {@code maxRunning} at once (null: as many as Slurm can). */
    public static JobArray ofCount(int count, @Nullable Integer maxRunning) {
        if (count < 1 || count > MAX_TASKS) {
            throw new IllegalArgumentException("A job array has 1 to " + MAX_TASKS + " tasks, not " + count + ".");
        }
        String spec = (count == 1 ? "0" : "0-" + (count - 1)) + (maxRunning != null ? "%" + maxRunning : "");
        return parse(spec);
    }

    public int taskCount() {
        return indices.size();
    }

    private record Parsed(
            @Nullable JobArray array, @Nullable String problem) {
        JobArray fold() {
            if (array == null) {
                throw new IllegalArgumentException(problem);
            }
            return array;
        }
    }

    private static Parsed parseOrProblem(String raw) {
        String spec = raw.strip();
        String shown = raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
        String bad = "The job array \"" + printable(shown) + "\" is not valid: ";
        if (spec.isEmpty()) {
            return new Parsed(null, "The job array is empty: " + HOW + ".");
        }
        if (spec.length() > MAX_SPEC_LENGTH) {
            return new Parsed(null, "The job array specification is longer than " + MAX_SPEC_LENGTH + " characters.");
        }
        Integer maxRunning = null;
        String list = spec;
        int percent = spec.indexOf('%');
        if (percent >= 0) {
            String limit = spec.substring(percent + 1);
            list = spec.substring(0, percent);
            if (!LIMIT.matcher(limit).matches() || Integer.parseInt(limit) < 1) {
                return new Parsed(
                        null, bad + "after % comes how many tasks may run at once, a whole number of at least 1.");
            }
            maxRunning = Integer.parseInt(limit);
        }
        var indices = new TreeSet<Integer>();
        List<String> items = new ArrayList<>(List.of(list.split(",", -1)));
        for (String item : items) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                return new Parsed(
                        null,
                        bad
                                + (item.isEmpty()
                                        ? "an entry between commas is empty"
                                        : "\"" + printable(item) + "\" is neither an index nor a range")
                                + "; " + HOW + ".");
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) != null ? Integer.parseInt(m.group(2)) : from;
            int step = m.group(3) != null ? Integer.parseInt(m.group(3)) : 1;
            if (to > MAX_INDEX) {
                return new Parsed(null, bad + "indices go up to " + MAX_INDEX + ", not " + to + ".");
            }
            if (to < from) {
                return new Parsed(null, bad + "the range " + item + " ends before it starts.");
            }
            if (step < 1) {
                return new Parsed(null, bad + "the step of " + item + " must be at least 1.");
            }
            for (long i = from; i <= to; i += step) {
                indices.add((int) i);
                if (indices.size() > MAX_TASKS) {
                    return new Parsed(null, bad + "it names more than " + MAX_TASKS + " tasks.");
                }
            }
        }
        return new Parsed(new JobArray(spec, indices, maxRunning), null);
    }

    /** Control characters of user input shown as '?', so a message stays one line. */
    private static String printable(String s) {
        return s.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
