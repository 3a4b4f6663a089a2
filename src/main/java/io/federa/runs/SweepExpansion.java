package io.federa.runs;

import io.federa.clusters.JobArray;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link SweepSpec} into trials and the trials into what one Slurm job array needs: the array
 * specification (trial index = array task id) and a bash preamble that gives each task its trial's
 * parameters as {@code FEDERA_PARAM_<NAME>} environment variables. Pure: no I/O, no clock. See
 * docs/adr/0012-sweeps-as-job-arrays.md.
 *
 * <p>Values reach a shell on the cluster, so they are held to {@link #SAFE_VALUE} (refused otherwise)
 * and single-quoted in the preamble as well: nothing in a value is ever executed.
 */
public final class SweepExpansion {

    /** A parameter name: a letter, then letters, digits and underscores. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    /** What a choice value may hold: no spaces, quotes, {@code $}, backticks, semicolons or newlines. */
    public static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._+\\-:/=@,]{1,200}");

    public static final String ENV_PREFIX = "FEDERA_PARAM_";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

    /** Set in every task: the trial it runs (equal to {@code SLURM_ARRAY_TASK_ID}). */
    public static final String TRIAL_VARIABLE = "FEDERA_TRIAL_INDEX";

    /** What the preamble exits with when a task has no trial (an array edited by hand). */
    public static final int NO_TRIAL_EXIT = 97;

    static final int MAX_PARAMETERS = 32;
    static final int MAX_VALUES = 1000;
    static final int MAX_PREAMBLE_CHARS = 1 << 20;

    private static final MathContext DIGITS = new MathContext(10);
    private static final String SAFE_WORDS = "letters, digits and . _ + - : / = @ ,";

    private SweepExpansion() {}

    /** {@code FEDERA_PARAM_} and the name upper-cased: {@code lr} → {@code FEDERA_PARAM_LR}. */
    public static String environmentName(String parameter) {
        if (!NAME.matcher(parameter).matches()) {
            throw new InvalidSweepException(nameProblem(parameter));
        }
        return ENV_PREFIX + parameter.toUpperCase(Locale.ROOT);
    }

    /** Everything wrong with a spec, in words a user understands; empty when it can be expanded. */
    public static List<String> problems(SweepSpec spec) {
        var problems = new ArrayList<String>();
        if (spec.parameters().isEmpty()) {
            problems.add("A sweep needs at least one parameter.");
        }
        if (spec.parameters().size() > MAX_PARAMETERS) {
            problems.add("A sweep takes at most " + MAX_PARAMETERS + " parameters, not "
                    + spec.parameters().size() + ".");
        }
        if (spec.maxTrials() < 1 || spec.maxTrials() > JobArray.MAX_TASKS) {
            problems.add("The limit of trials must be between 1 and " + JobArray.MAX_TASKS + ", not " + spec.maxTrials()
                    + ".");
        }
        var seen = new HashMap<String, String>();
        for (SweepParameter p : spec.parameters()) {
            if (!NAME.matcher(p.name()).matches()) {
                problems.add(nameProblem(p.name()));
                continue;
            }
            String other = seen.putIfAbsent(p.name().toUpperCase(Locale.ROOT), p.name());
            if (other != null) {
                problems.add("The parameters \"" + other + "\" and \"" + p.name() + "\" would both be " + ENV_PREFIX
                        + p.name().toUpperCase(Locale.ROOT) + ": give them different names.");
            }
            problems.addAll(parameterProblems(p, spec.strategy()));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        switch (spec.strategy()) {
            case GRID -> {
                long size = gridSize(spec);
                if (size > spec.maxTrials()) {
                    problems.add("The grid has " + (size == Long.MAX_VALUE ? "too many" : String.format("%,d", size))
                            + " combinations (" + dimensions(spec) + "), more than the limit of "
                            + String.format("%,d", spec.maxTrials())
                            + " trials: narrow a range, take fewer values or use random search.");
                }
            }
            case RANDOM -> {
                if (spec.samples() < 1 || spec.samples() > spec.maxTrials()) {
                    problems.add(
                            "Random search takes 1 to " + spec.maxTrials() + " trials, not " + spec.samples() + ".");
                }
            }
        }
        return problems;
    }

    /**
     * The trials of a spec, numbered from 0. GRID: every combination, the first parameter varying
     * slowest; RANDOM: {@code samples} independent draws from {@code seed} (the same seed gives the
     * same trials; two draws may coincide).
     *
     * @throws InvalidSweepException with every problem of the spec
     */
    public static List<SweepTrial> expand(SweepSpec spec) {
        List<String> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return switch (spec.strategy()) {
            case GRID -> grid(spec);
            case RANDOM -> random(spec);
        };
    }

    /** How many combinations a grid has; Long.MAX_VALUE when that does not fit a long. */
    public static long gridSize(SweepSpec spec) {
        long size = 1;
        for (SweepParameter p : spec.parameters()) {
            try {
                size = Math.multiplyExact(size, count(p));
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    /** The environment a trial's task sees, besides what every task sees. */
    public static Map<String, String> environment(SweepTrial trial) {
        var env = new LinkedHashMap<String, String>();
        env.put(TRIAL_VARIABLE, Integer.toString(trial.index()));
        trial.params().forEach((name, value) -> env.put(environmentName(name), value));
        return env;
    }

    /** Tasks {@code 0 .. trials-1}, at most {@code maxRunning} at once (null: as many as Slurm allows). */
    public static JobArray jobArray(List<SweepTrial> trials, @Nullable Integer maxRunning) {
        requireNumbered(trials);
        return JobArray.ofCount(trials.size(), maxRunning);
    }

    /**
     * Bash that sets the parameters of the task's trial, chosen by {@code $SLURM_ARRAY_TASK_ID} from a
     * case table; a task without a trial stops with exit code {@link #NO_TRIAL_EXIT}.
     */
    public static String preamble(List<SweepTrial> trials) {
        return preamble(trials, Map.of());
    }

    /**
     * The same, with more variables per task, e.g. each trial run's {@code FEDERA_RUN_ID} (one array
     * has one environment, so what differs per task goes here). Names are upper-case environment
     * names, values are held to {@link #SAFE_VALUE} like parameter values. Never secrets: anyone who
     * may read the job's script reads this table.
     *
     * @param perTask trial index → variables for that task only
     */
    public static String preamble(List<SweepTrial> trials, Map<Integer, Map<String, String>> perTask) {
        return preamble(trials, perTask, "");
    }

    /**
     * The same, followed by {@code epilogue}: bash the portal writes (never anything a user wrote),
     * run by every task after its trial's variables are set.
     */
    public static String preamble(List<SweepTrial> trials, Map<Integer, Map<String, String>> perTask, String epilogue) {
        requireNumbered(trials);
        var out = new StringBuilder();
        out.append("# --- Federa sweep: this array task's trial (generated) ---\n");
        out.append("case \"${SLURM_ARRAY_TASK_ID:-}\" in\n");
        for (SweepTrial trial : trials) {
            var variables = new LinkedHashMap<>(environment(trial));
            perTask.getOrDefault(trial.index(), Map.of()).forEach((name, value) -> {
                if (!ENV_NAME.matcher(name).matches() || variables.containsKey(name)) {
                    throw new IllegalArgumentException("not a variable a task may take: " + name);
                }
                variables.put(name, value);
            });
            out.append("  ").append(trial.index()).append(") export");
            variables.forEach((name, value) -> {
                if (!SAFE_VALUE.matcher(value).matches()) {
                    throw new InvalidSweepException(valueProblem(name, value));
                }
                out.append(' ').append(name).append('=').append(quote(value));
            });
            out.append(" ;;\n");
            if (out.length() > MAX_PREAMBLE_CHARS) {
                throw new InvalidSweepException("The sweep's parameter table is larger than "
                        + MAX_PREAMBLE_CHARS / 1024 + " KiB: take fewer trials or shorter values.");
            }
        }
        out.append("  *) echo \"Federa sweep: array task '${SLURM_ARRAY_TASK_ID:-}' has no trial\" >&2; exit ")
                .append(NO_TRIAL_EXIT)
                .append(" ;;\n");
        out.append("esac\n");
        out.append(epilogue);
        out.append("# --- end of the Federa sweep preamble ---\n");
        return out.toString();
    }

    /**
     * The script with the preamble placed after its first lines of comments (the shebang and the
     * {@code #SBATCH} directives, which Slurm reads only before the first command).
     */
    public static String withPreamble(String script, List<SweepTrial> trials) {
        return withPreamble(script, trials, Map.of());
    }

    /** The same with {@link #preamble(List, Map) variables per task}. */
    public static String withPreamble(
            String script, List<SweepTrial> trials, Map<Integer, Map<String, String>> perTask) {
        return withPreamble(script, trials, perTask, "");
    }

    /** The same with {@link #preamble(List, Map, String) an epilogue}. */
    public static String withPreamble(
            String script, List<SweepTrial> trials, Map<Integer, Map<String, String>> perTask, String epilogue) {
        String preamble = preamble(trials, perTask, epilogue);
        String[] lines = script.split("\n", -1);
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return script.substring(0, offset) + preamble + script.substring(offset);
            }
            offset += lines[i].length() + 1;
        }
        // nothing but comments: the preamble goes at the end, on a line of its own
        return script.isEmpty() || script.endsWith("\n") ? script + preamble : script + "\n" + preamble;
    }

    /** Single-quoted for bash: a value is data, whatever it holds. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static void requireNumbered(List<SweepTrial> trials) {
        if (trials.isEmpty()) {
            throw new InvalidSweepException("A sweep needs at least one trial.");
        }
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).index() != i) {
                throw new IllegalArgumentException("trials must be numbered 0, 1, 2, … in order; trial " + i
                        + " has index " + trials.get(i).index());
            }
        }
    }

    private static List<SweepTrial> grid(SweepSpec spec) {
        List<List<String>> values =
                spec.parameters().stream().map(SweepExpansion::values).toList();
        int size = (int) gridSize(spec);
        var trials = new ArrayList<SweepTrial>(size);
        for (int index = 0; index < size; index++) {
            var params = new LinkedHashMap<String, String>();
            int rest = index;
            // the last parameter varies fastest: peel indices off from the end
            String[] chosen = new String[values.size()];
            for (int p = values.size() - 1; p >= 0; p--) {
                List<String> v = values.get(p);
                chosen[p] = v.get(rest % v.size());
                rest /= v.size();
            }
            for (int p = 0; p < values.size(); p++) {
                params.put(spec.parameters().get(p).name(), chosen[p]);
            }
            trials.add(new SweepTrial(index, params));
        }
        return trials;
    }

    /** java.util.Random: its algorithm is specified, so a seed gives the same draws on every JDK. */
    private static List<SweepTrial> random(SweepSpec spec) {
        var random = new Random(spec.seed());
        var trials = new ArrayList<SweepTrial>(spec.samples());
        for (int index = 0; index < spec.samples(); index++) {
            var params = new LinkedHashMap<String, String>();
            for (SweepParameter p : spec.parameters()) {
                params.put(p.name(), draw(p, random));
            }
            trials.add(new SweepTrial(index, params));
        }
        return trials;
    }

    private static String draw(SweepParameter p, Random random) {
        return switch (p) {
            case SweepParameter.IntRange r -> {
                long n = count(r);
                long k = Math.min(n - 1, (long) Math.floor(random.nextDouble() * n));
                yield Long.toString(r.from() + k * r.step());
            }
            case SweepParameter.FloatRange r -> {
                double u = random.nextDouble();
                yield format(
                        r.scale() == SweepParameter.Scale.LOG
                                ? Math.exp(Math.log(r.from()) + u * (Math.log(r.to()) - Math.log(r.from())))
                                : r.from() + u * (r.to() - r.from()));
            }
            case SweepParameter.Choice c ->
                c.values().get(random.nextInt(c.values().size()));
        };
    }

    private static List<String> values(SweepParameter p) {
        return switch (p) {
            case SweepParameter.IntRange r -> {
                var v = new ArrayList<String>();
                for (long x = r.from(); x <= r.to(); x += r.step()) {
                    v.add(Long.toString(x));
                }
                yield v;
            }
            case SweepParameter.FloatRange r -> {
                var v = new ArrayList<String>();
                for (int i = 0; i < r.points(); i++) {
                    double t = r.points() == 1 ? 0 : (double) i / (r.points() - 1);
                    double x = r.scale() == SweepParameter.Scale.LOG
                            ? Math.exp(Math.log(r.from()) + t * (Math.log(r.to()) - Math.log(r.from())))
                            : r.from() + t * (r.to() - r.from());
                    v.add(format(i == r.points() - 1 ? r.to() : x));
                }
                yield v;
            }
            case SweepParameter.Choice c -> c.values();
        };
    }

    private static long count(SweepParameter p) {
        return switch (p) {
            case SweepParameter.IntRange r ->
                r.step() < 1 || r.to() < r.from() ? 0 : (r.to() - r.from()) / r.step() + 1;
            case SweepParameter.FloatRange r -> r.points();
            case SweepParameter.Choice c -> c.values().size();
        };
    }

    /** Ten significant digits, plain notation: 0.1 + 0.2 is "0.3", 1e-5 is "0.00001". */
    static String format(double value) {
        BigDecimal d = new BigDecimal(value).round(DIGITS).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    private static List<String> parameterProblems(SweepParameter p, SweepSpec.Strategy strategy) {
        var problems = new ArrayList<String>();
        String name = "Parameter " + p.name() + ": ";
        switch (p) {
            case SweepParameter.IntRange r -> {
                if (r.step() < 1) {
                    problems.add(name + "the step must be at least 1, not " + r.step() + ".");
                } else if (r.to() < r.from()) {
                    problems.add(name + "the range ends (" + r.to() + ") before it starts (" + r.from() + ").");
                } else if (Math.abs(r.from()) > 1_000_000_000_000L || Math.abs(r.to()) > 1_000_000_000_000L) {
                    problems.add(name + "whole numbers go from -10^12 to 10^12.");
                } else if (strategy == SweepSpec.Strategy.GRID && count(r) > MAX_VALUES) {
                    problems.add(name + "the range has " + count(r) + " values, more than " + MAX_VALUES
                            + ": take a bigger step or use random search.");
                }
            }
            case SweepParameter.FloatRange r -> {
                if (!Double.isFinite(r.from()) || !Double.isFinite(r.to())) {
                    problems.add(name + "both ends must be numbers.");
                } else if (r.to() < r.from()) {
                    problems.add(name + "the range ends (" + format(r.to()) + ") before it starts (" + format(r.from())
                            + ").");
                } else if (r.scale() == SweepParameter.Scale.LOG && r.from() <= 0) {
                    problems.add(name + "a logarithmic range must start above 0, not at " + format(r.from()) + ".");
                }
                if (strategy == SweepSpec.Strategy.GRID && (r.points() < 1 || r.points() > MAX_VALUES)) {
                    problems.add(
                            name + "a grid takes 1 to " + MAX_VALUES + " points of a range, not " + r.points() + ".");
                }
            }
            case SweepParameter.Choice c -> {
                if (c.values().isEmpty()) {
                    problems.add(name + "give at least one value.");
                } else if (c.values().size() > MAX_VALUES) {
                    problems.add(name + "at most " + MAX_VALUES + " values, not "
                            + c.values().size() + ".");
                }
                c.values().stream()
                        .filter(v -> !SAFE_VALUE.matcher(v).matches())
                        .findFirst()
                        .ifPresent(v -> problems.add(valueProblem(p.name(), v)));
                if (c.values().stream().distinct().count() != c.values().size()) {
                    problems.add(name + "a value is listed twice.");
                }
            }
        }
        return problems;
    }

    private static String nameProblem(String name) {
        return "The parameter name \"" + printable(name) + "\" is not valid: start with a letter, then letters, "
                + "digits or _ (at most 48), e.g. learning_rate.";
    }

    private static String valueProblem(String parameter, String value) {
        return "Parameter " + parameter + ": the value \"" + printable(value) + "\" is not allowed; values hold 1 "
                + "to 200 of " + SAFE_WORDS + " (no spaces, quotes, $, backticks or line breaks).";
    }

    private static String dimensions(SweepSpec spec) {
        return String.join(
                " × ",
                spec.parameters().stream().map(p -> p.name() + " " + count(p)).toList());
    }

    /** Control characters shown as '?' and long input cut, so a message stays one short line. */
    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
