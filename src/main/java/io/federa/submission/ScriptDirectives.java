package io.federa.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a batch script's {@code #SBATCH} lines ask for. slurmrestd does not read them (only the
 * {@code sbatch} command does), so the portal parses them itself and sends the values as job fields.
 * Pure: no I/O, nothing passes through a shell.
 *
 * <p>Like sbatch, directives are read from the top of the script up to the first line that is
 * neither blank nor a comment.
 *
 * @param timeLimit null when the script gives no {@code --time}
 * @param gpus GPUs per node from {@code --gres=gpu[:type]:N}, {@code --gpus}/{@code -G} or {@code
 *     --gpus-per-node}
 * @param gres the {@code --gres} value as sbatch takes it (also built from {@code --gpus})
 * @param directives every directive found, in order
 * @param notes directives the portal overrides or does not pass on, in plain words
 * @param problems values that are not valid, in plain words (the run is refused while there are any)
 */
public record ScriptDirectives(
        @Nullable Integer tasks,
        @Nullable Integer cpusPerTask,
        @Nullable Integer nodes,
        @Nullable Integer gpus,
        @Nullable String gres,
        @Nullable String partition,
        SlurmTime.@Nullable Limit timeLimit,
        @Nullable String jobName,
        @Nullable String output,
        @Nullable String workingDirectory,
        boolean exclusive,
        List<Directive> directives,
        List<String> notes,
        List<String> problems) {

    public ScriptDirectives {
        directives = List.copyOf(directives);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /** One {@code #SBATCH} option; {@code value} is empty for flags. */
    public record Directive(int line, String option, String value) {}

    private static final Map<String, String> SHORT = Map.of(
            "-c", "--cpus-per-task",
            "-n", "--ntasks",
            "-N", "--nodes",
            "-p", "--partition",
            "-t", "--time",
            "-J", "--job-name",
            "-A", "--account",
            "-o", "--output",
            "-e", "--error",
            "-G", "--gpus");
    private static final Map<String, String> SHORT_FLAGS = Map.of("-H", "--hold");
    private static final Set<String> FLAGS = Set.of(
            "--exclusive",
            "--hold",
            "--requeue",
            "--no-requeue",
            "--parsable",
            "--wait",
            "--test-only",
            "--contiguous");
    private static final Set<String> WITH_VALUE = Set.of(
            "--cpus-per-task",
            "--ntasks",
            "--nodes",
            "--partition",
            "--time",
            "--job-name",
            "--account",
            "--output",
            "--error",
            "--gpus",
            "--gres",
            "--gpus-per-node",
            "--comment",
            "--chdir");
    private static final Pattern GPU_GRES = Pattern.compile("gpu(?::([A-Za-z0-9_.-]+))?(?::(\\d+))?");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,200}");

    public static ScriptDirectives parse(String script) {
        var b = new Builder();
        String[] lines = script.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (i == 0 && line.startsWith("#!")) {
                continue;
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("#")) {
                break; // sbatch stops at the first command
            }
            if (!line.startsWith("#SBATCH")) {
                continue;
            }
            String rest = line.substring("#SBATCH".length());
            if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
                continue; // "#SBATCHX" is a comment
            }
            b.line(i + 1, tokens(rest));
        }
        return b.build();
    }

    /** Splits like a shell would for plain words and quotes, without ever running one; "#" starts a comment. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inToken = true;
            } else if (Character.isWhitespace(ch)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else if (ch == '#' && !inToken) {
                break;
            } else {
                cur.append(ch);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    private static final class Builder {
        @Nullable
        Integer tasks;

        @Nullable
        Integer cpusPerTask;

        @Nullable
        Integer nodes;

        @Nullable
        Integer gpus;

        @Nullable
        String gres;

        @Nullable
        String partition;

        SlurmTime.@Nullable Limit time;

        @Nullable
        String jobName;

        @Nullable
        String output;

        @Nullable
        String chdir;

        boolean exclusive;
        final List<Directive> directives = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void line(int line, List<String> tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                String option;
                String value = null;
                if (token.startsWith("--")) {
                    int eq = token.indexOf('=');
                    option = eq < 0 ? token : token.substring(0, eq);
                    if (eq >= 0) {
                        value = token.substring(eq + 1);
                    } else if (!FLAGS.contains(option)
                            && i + 1 < tokens.size()
                            && !tokens.get(i + 1).startsWith("-")) {
                        value = tokens.get(++i);
                    }
                } else if (token.startsWith("-") && token.length() >= 2) {
                    String shortOpt = token.substring(0, 2);
                    if (SHORT_FLAGS.containsKey(shortOpt) && token.length() == 2) {
                        option = SHORT_FLAGS.get(shortOpt);
                    } else if (SHORT.containsKey(shortOpt)) {
                        option = SHORT.get(shortOpt);
                        if (token.length() > 2) {
                            value = token.substring(2);
                        } else if (i + 1 < tokens.size()) {
                            value = tokens.get(++i);
                        }
                    } else {
                        option = token;
                        if (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("-")) {
                            value = tokens.get(++i);
                        }
                    }
                } else {
                    problems.add("line " + line + ": \"" + token
                            + "\" is not an sbatch option (options start with - or --)");
                    continue;
                }
                directives.add(new Directive(line, option, value == null ? "" : value));
                apply(line, option, value);
            }
        }

        private void apply(int line, String option, @Nullable String value) {
            if (WITH_VALUE.contains(option) && (value == null || value.isBlank())) {
                problems.add("line " + line + ": " + option + " needs a value");
                return;
            }
            switch (option) {
                case "--cpus-per-task" -> cpusPerTask = positive(line, option, value);
                case "--ntasks" -> tasks = positive(line, option, value);
                case "--nodes" -> nodes = nodeCount(line, value);
                case "--partition" -> {
                    if (value.contains(",")) {
                        problems.add("line " + line + ": --partition=" + value
                                + " names several partitions; the portal submits to one, name only that one");
                    } else {
                        partition = value;
                    }
                }
                case "--time" -> {
                    try {
                        time = SlurmTime.parse(value);
                    } catch (IllegalArgumentException e) {
                        problems.add("line " + line + ": --time " + e.getMessage());
                    }
                }
                case "--job-name" -> jobName = value;
                case "--output" -> output = value;
                case "--chdir" -> chdir = value;
                case "--error" ->
                    notes.add("line " + line + ": --error=" + value
                            + " is not passed on: the job's errors go to its output file");
                case "--gres" -> gresValue(line, value);
                case "--gpus", "--gpus-per-node" -> {
                    // [type:]count, the type a plain name (it goes on into the job's gres)
                    if (!SAFE_NAME.matcher(value.replace(":", "")).matches()) {
                        problems.add(
                                "line " + line + ": " + option + "=" + value + " is not a GPU count or type:count");
                        return;
                    }
                    String count = value.contains(":") ? value.substring(value.lastIndexOf(':') + 1) : value;
                    Integer n = positive(line, option, count);
                    if (n != null) {
                        gpus = n;
                        gres = value.contains(":") ? "gpu:" + value : "gpu:" + n;
                        if (option.equals("--gpus")) {
                            notes.add("line " + line + ": --gpus=" + value + " is sent as --gres=" + gres
                                    + " (GPUs per node)");
                        }
                    }
                }
                case "--exclusive" -> exclusive = true;
                case "--account" ->
                    notes.add("line " + line + ": --account=" + value
                            + " is replaced: the portal submits under your team's Slurm account on the cluster");
                case "--comment" ->
                    notes.add("line " + line + ": --comment is replaced: the portal keeps its run id in the "
                            + "job's comment to find the job again");
                default ->
                    notes.add("line " + line + ": " + option + (value == null ? "" : "=" + value)
                            + " is not passed to Slurm by the portal and has no effect");
            }
        }

        private void gresValue(int line, String value) {
            if (!SAFE_NAME.matcher(value.replace(":", "").replace(",", "")).matches()) {
                problems.add("line " + line + ": --gres=" + value + " is not a generic-resource list");
                return;
            }
            long total = 0;
            for (String part : value.split(",")) {
                Matcher m = GPU_GRES.matcher(part);
                if (m.matches()) {
                    // at most 6 digits each (the pattern allows any): no count overflows, no sum wraps
                    String count = m.group(2) == null ? "1" : m.group(2);
                    if (count.length() > 6) {
                        problems.add("line " + line + ": --gres=" + value + " asks for more GPUs than any node has");
                        return;
                    }
                    total += Long.parseLong(count);
                }
            }
            gres = value;
            if (total > 0 && total <= Integer.MAX_VALUE) {
                gpus = (int) total;
            }
        }

        private @Nullable Integer nodeCount(int line, String value) {
            if (value.matches("\\d+-\\d+")) {
                notes.add("line " + line + ": --nodes=" + value + " is a range; the portal asks for its minimum, "
                        + value.substring(0, value.indexOf('-')));
                return positive(line, "--nodes", value.substring(0, value.indexOf('-')));
            }
            return positive(line, "--nodes", value);
        }

        private @Nullable Integer positive(int line, String option, String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("line " + line + ": " + option + " needs a whole number of at least 1, not \"" + value + "\"");
            return null;
        }

        ScriptDirectives build() {
            return new ScriptDirectives(
                    tasks,
                    cpusPerTask,
                    nodes,
                    gpus,
                    gres,
                    partition,
                    time,
                    jobName,
                    output,
                    chdir,
                    exclusive,
                    directives,
                    notes,
                    problems);
        }
    }
}
