package io.federa.submission;

import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a run request and merges the script's {@code #SBATCH} values with the form, without any
 * I/O: the caller hands in the cluster's partitions (from the registry) and the size limit. Every
 * problem is a sentence that says what to fix.
 */
public final class RunPlanner {

    /** Names the portal passes to Slurm as they are: job names, params. */
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,100}");

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");
    static final int MAX_PARAMS = 200;
    static final int MAX_PARAM_VALUE = 4000;

    private RunPlanner() {}

    /**
     * Reads an uploaded script: refuses binary content (NUL bytes, invalid UTF-8) and oversize
     * files with a message, before anything else looks at it.
     */
    public static String decodeScript(byte[] bytes, long maxBytes) {
        if (bytes.length > maxBytes) {
            throw new RunRefusedException(tooBig(bytes.length, maxBytes));
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new RunRefusedException(binary());
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RunRefusedException(
                    "The script is not UTF-8 text (it looks like a binary file); upload the shell script itself.");
        }
    }

    /**
     * Like {@link #plan(RunRequest, List, List, List, long, String)} for a cluster whose nodes are not
     * known and a team that may use every partition.
     */
    public static RunPlan plan(
            RunRequest request, List<SlurmPartition> partitions, long maxScriptBytes, String defaultWorkingDirectory) {
        return plan(request, partitions, List.of(), List.of(), maxScriptBytes, defaultWorkingDirectory);
    }

    /**
     * @param partitions the cluster's partitions as the registry last read them (empty: not read yet)
     * @param nodes the cluster's nodes as the registry last read them (for the partition choice below)
     * @param allowedPartitions the partitions the team may use on the cluster (empty: all)
     * @param defaultWorkingDirectory where the job runs unless the script says {@code --chdir}
     *     <p>When neither the form nor the script names a partition and the cluster has no default
     *     one (or its REST API does not say which: Slurm 24.11 and 26.05 before v0.0.45), the planner
     *     picks the first partition by name that the team may use and the run fits (state, time,
     *     CPUs, GPUs), names it in a note and sends it to Slurm.
     */
    public static RunPlan plan(
            RunRequest request,
            List<SlurmPartition> partitions,
            List<SlurmNode> nodes,
            List<String> allowedPartitions,
            long maxScriptBytes,
            String defaultWorkingDirectory) {
        String script = request.script();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        checkText(script, maxScriptBytes, problems);
        if (!problems.isEmpty()) {
            return new RunPlan(ScriptDirectives.parse(""), null, notes, problems);
        }
        ScriptDirectives d = ScriptDirectives.parse(script);
        problems.addAll(d.problems());
        notes.addAll(d.notes());

        int tasks = pick("tasks", request.tasks(), d.tasks(), "--ntasks", 1, notes, problems);
        int cpusPerTask =
                pick("CPUs per task", request.cpusPerTask(), d.cpusPerTask(), "--cpus-per-task", 1, notes, problems);
        int gpus;
        String gres;
        if (request.gpus() != null) {
            if (request.gpus() < 0) {
                problems.add("The number of GPUs cannot be negative.");
            }
            gpus = Math.max(request.gpus(), 0);
            gres = gpus > 0 ? "gpu:" + gpus : null;
            if (d.gres() != null && !Objects.equals(d.gpus(), request.gpus())) {
                notes.add("The form's " + gpus + " GPU(s) replace the script's " + d.gres() + ".");
            }
        } else {
            gpus = d.gpus() == null ? 0 : d.gpus();
            gres = d.gres();
        }

        String partition = blankToNull(request.partition());
        if (partition != null && d.partition() != null && !partition.equals(d.partition())) {
            notes.add(
                    "The form's partition " + partition + " replaces the script's --partition=" + d.partition() + ".");
        }
        if (partition == null) {
            partition = d.partition();
        }
        SlurmTime.@Nullable Limit time = d.timeLimit();
        String formTime = blankToNull(request.timeLimit());
        if (formTime != null) {
            try {
                SlurmTime.Limit fromForm = SlurmTime.parse(formTime);
                if (time != null && !time.equals(fromForm)) {
                    notes.add("The form's time limit " + formTime + " replaces the script's --time.");
                }
                time = fromForm;
            } catch (IllegalArgumentException e) {
                problems.add("Time limit: " + e.getMessage() + ".");
            }
        }
        boolean noneFits = false;
        if (partition == null && !partitions.isEmpty() && partitions.stream().noneMatch(SlurmPartition::isDefault)) {
            partition = choosePartition(
                    request.team(),
                    tasks * cpusPerTask,
                    cpusPerTask,
                    gpus,
                    time,
                    partitions,
                    nodes,
                    allowedPartitions,
                    notes,
                    problems);
            noneFits = partition == null;
        }
        if (!noneFits) {
            // problems with a value the script gave name its line ("line 3: …"), as the script's own do
            checkPartition(
                    partition,
                    time,
                    partitions,
                    scriptLine(d, "--partition", blankToNull(request.partition()) == null),
                    scriptLine(d, "--time", formTime == null),
                    problems);
        }

        String jobName = blankToNull(request.jobName());
        if (jobName != null && d.jobName() != null && !jobName.equals(d.jobName())) {
            notes.add("The form's name " + jobName + " replaces the script's --job-name=" + d.jobName() + ".");
        }
        if (jobName == null) {
            jobName = d.jobName() != null ? d.jobName() : "run";
        }
        if (!JOB_NAME.matcher(jobName).matches()) {
            problems.add("The job name \"" + jobName
                    + "\" may only use letters, digits and . _ + - (at most 100 characters).");
        }
        String gitCommit = blankToNull(request.gitCommit());
        if (gitCommit != null && !GIT_COMMIT.matcher(gitCommit).matches()) {
            problems.add("The git commit \"" + gitCommit + "\" is not a commit hash (7 to 64 hex digits).");
        }
        checkParams(request.params(), problems);
        String workingDirectory = d.workingDirectory() != null ? d.workingDirectory() : defaultWorkingDirectory;
        if (!workingDirectory.startsWith("/")) {
            problems.add("--chdir=" + workingDirectory + " must be an absolute path.");
        }
        String output = d.output() != null ? d.output() : "%x.%j.out";
        if (!problems.isEmpty()) {
            return new RunPlan(d, null, notes, problems);
        }
        var resources = new RunResources(
                tasks,
                cpusPerTask,
                d.nodes(),
                gpus,
                gres,
                partition,
                time == null || time.unlimited() ? null : time.minutes(),
                jobName,
                output,
                workingDirectory,
                d.exclusive());
        return new RunPlan(d, resources, notes, problems);
    }

    private static void checkText(String script, long maxBytes, List<String> problems) {
        long size = script.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            problems.add(tooBig(size, maxBytes));
            return;
        }
        if (script.indexOf('\0') >= 0) {
            problems.add(binary());
            return;
        }
        if (script.indexOf('\uFFFD') >= 0) {
            problems.add("The script contains bytes that are not UTF-8 text (shown as \uFFFD); save it as UTF-8.");
            return;
        }
        if (!script.startsWith("#!")) {
            problems.add("The script must start with an interpreter line such as #!/bin/bash (Slurm needs it to "
                    + "run the script).");
        }
    }

    /**
     * The cluster has no default partition: the first partition by name that the team may use, that
     * is up and that the run fits (partitions with GPUs last for a run without GPUs); null (with a
     * problem that lists why each was passed over) when none.
     */
    private static @Nullable String choosePartition(
            String team,
            int cpus,
            int cpusPerTask,
            int gpus,
            SlurmTime.@Nullable Limit time,
            List<SlurmPartition> partitions,
            List<SlurmNode> nodes,
            List<String> allowed,
            List<String> notes,
            List<String> problems) {
        List<String> passedOver = new ArrayList<>();
        List<SlurmPartition> byName = partitions.stream()
                .sorted(java.util.Comparator.comparing(SlurmPartition::name))
                .toList();
        // a run without GPUs leaves GPU partitions to the runs that need them, if it fits elsewhere
        List<SlurmPartition> candidates = byName.stream()
                .sorted(java.util.Comparator.comparing(p -> gpus == 0
                        && RunRouting.Hardware.of(p.name(), partitions, nodes).maxNodeGpus() > 0))
                .toList();
        for (SlurmPartition p : candidates) {
            if (!RunRouting.partitionAllowed(allowed, p.name())) {
                continue;
            }
            List<String> why = new ArrayList<>();
            if (!p.state().isEmpty() && !p.state().equalsIgnoreCase("UP")) {
                why.add("it is " + p.state());
            }
            Integer max = p.maxTimeMinutes();
            if (max != null && time != null && (time.unlimited() || time.minutes() > max)) {
                why.add("it allows at most " + SlurmTime.format(max));
            }
            RunRouting.fit(cpus, cpusPerTask, gpus, p.name(), RunRouting.Hardware.of(p.name(), partitions, nodes))
                    .forEach(w -> why.add(Character.toLowerCase(w.charAt(0)) + w.substring(1, w.length() - 1)));
            if (why.isEmpty()) {
                notes.add("The cluster has no default partition: the run goes to partition " + p.name()
                        + ", the first (by name) that team " + team + " may use and the run fits.");
                return p.name();
            }
            passedOver.add(p.name() + ": " + String.join(", ", why));
        }
        String known =
                String.join(", ", byName.stream().map(SlurmPartition::name).toList());
        problems.add(
                passedOver.isEmpty()
                        ? "The cluster has no default partition, and team " + team + " may use none of its partitions ("
                                + known + ")."
                        : "The cluster has no default partition, and no partition team " + team
                                + " may use fits the run (" + String.join("; ", passedOver)
                                + "). Choose a partition, or ask for less.");
        return null;
    }

    /** "line N: " for the script's last {@code option} when the script's value is the one used, else "". */
    private static String scriptLine(ScriptDirectives d, String option, boolean fromScript) {
        if (!fromScript) {
            return "";
        }
        return d.directives().stream()
                .filter(x -> x.option().equals(option))
                .reduce((first, last) -> last)
                .map(x -> "line " + x.line() + ": ")
                .orElse("");
    }

    private static void checkPartition(
            @Nullable String partition,
            SlurmTime.@Nullable Limit time,
            List<SlurmPartition> partitions,
            String partitionLine,
            String timeLine,
            List<String> problems) {
        if (partitions.isEmpty()) {
            problems.add("The portal has not read this cluster's partitions yet (is it up?); try again in a moment.");
            return;
        }
        Optional<SlurmPartition> target = partition == null
                ? partitions.stream().filter(SlurmPartition::isDefault).findFirst()
                : partitions.stream().filter(p -> p.name().equals(partition)).findFirst();
        if (target.isEmpty()) {
            String known = String.join(
                    ", ", partitions.stream().map(SlurmPartition::name).toList());
            problems.add(
                    partition == null
                            ? "The cluster has no default partition; choose one of: " + known + "."
                            : partitionLine + "The cluster has no partition \"" + partition + "\"; it has: " + known
                                    + ".");
            return;
        }
        Integer max = target.get().maxTimeMinutes();
        if (time == null || max == null) {
            return;
        }
        if (time.unlimited()) {
            problems.add(timeLine + "The script asks for no time limit, but partition "
                    + target.get().name() + " allows at most " + SlurmTime.format(max) + " (" + max + " minutes).");
        } else if (time.minutes() > max) {
            problems.add(timeLine + "A time limit of " + SlurmTime.format(time.minutes()) + " (" + time.minutes()
                    + " minutes) is more than partition " + target.get().name() + " allows: at most "
                    + SlurmTime.format(max) + " (" + max + " minutes).");
        }
    }

    private static void checkParams(Map<String, String> params, List<String> problems) {
        if (params.size() > MAX_PARAMS) {
            problems.add("A run takes at most " + MAX_PARAMS + " params, not " + params.size() + ".");
        }
        params.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!PARAM_NAME.matcher(e.getKey()).matches()) {
                problems.add("The param name \"" + e.getKey()
                        + "\" must start with a letter or _ and use only letters, digits and _ (at most 64).");
            }
            if (e.getValue().length() > MAX_PARAM_VALUE || e.getValue().indexOf('\0') >= 0) {
                problems.add("The value of param " + e.getKey() + " must be text of at most " + MAX_PARAM_VALUE
                        + " characters.");
            }
        });
    }

    private static int pick(
            String what,
            @Nullable Integer form,
            @Nullable Integer script,
            String option,
            int fallback,
            List<String> notes,
            List<String> problems) {
        if (form != null) {
            if (form < 1) {
                problems.add("The number of " + what + " must be at least 1, not " + form + ".");
                return fallback;
            }
            if (script != null && !script.equals(form)) {
                notes.add("The form's " + form + " " + what + " replace the script's " + option + "=" + script + ".");
            }
            return form;
        }
        return script != null ? script : fallback;
    }

    private static String tooBig(long size, long max) {
        return "The script is " + kib(size) + "; the portal accepts scripts of at most " + kib(max)
                + ". Keep data and code in files the script reads, not in the script.";
    }

    private static String binary() {
        return "The script contains NUL bytes: it looks like a binary file, not a shell script.";
    }

    private static String kib(long bytes) {
        return bytes % 1024 == 0
                ? bytes / 1024 + " KiB"
                : String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
