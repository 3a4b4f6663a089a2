package io.federa.clusters.internal.slurm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Slurm spellings that do not depend on the REST API version. */
public final class SlurmFormats {

    private static final Pattern GPU = Pattern.compile("gpu(?::([^:(,]+))?:(\\d+)");
    private static final Pattern TRES_GPU = Pattern.compile("gres/gpu(:[^=,]+)?=(\\d+)");
    private static final Pattern OUTPUT_TOKEN = Pattern.compile("%(%|j|A|a|u|x)");

    private SlurmFormats() {}

    /**
     * The text without the slashes it ends with. By hand: {@code replaceAll("/+$", "")} retries the
     * run at every slash, quadratic in a run of slashes that does not end the text, and working
     * directories come from every user of a cluster.
     */
    static String withoutTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    /** GPUs in a gres string such as "gpu:a100:4,gpu:2(S:0-1)"; 0 if none. */
    public static int gpus(@Nullable String gres) {
        if (gres == null || gres.isBlank()) {
            return 0;
        }
        int total = 0;
        for (String entry : gres.split(",")) {
            Matcher m = GPU.matcher(entry.trim());
            if (m.lookingAt()) {
                total += Integer.parseInt(m.group(2));
            } else if (entry.trim().equals("gpu")) {
                total += 1;
            }
        }
        return total;
    }

    /** The GPU types in a gres string ("gpu:a100:4,gpu:h100:2" → "a100, h100"); "" if untyped or none. */
    public static String gpuModels(@Nullable String gres) {
        if (gres == null || gres.isBlank()) {
            return "";
        }
        var models = new java.util.LinkedHashSet<String>();
        for (String entry : gres.split(",")) {
            Matcher m = GPU.matcher(entry.trim());
            if (m.lookingAt() && m.group(1) != null) {
                models.add(m.group(1));
            }
        }
        return String.join(", ", models);
    }

    /**
     * GPUs in a TRES string such as "cpu=2,mem=1G,node=1,billing=2,gres/gpu=1"; 0 if none. Slurm lists
     * typed GPUs twice ("gres/gpu=2,gres/gpu:a100=2"): the untyped total wins, else the typed ones add up.
     */
    public static int gpusInTres(@Nullable String tres) {
        if (tres == null || tres.isBlank()) {
            return 0;
        }
        int typed = 0;
        for (String entry : tres.split(",")) {
            Matcher m = TRES_GPU.matcher(entry.trim());
            if (m.matches()) {
                int count = Integer.parseInt(m.group(2));
                if (m.group(1) == null) {
                    return count;
                }
                typed += count;
            }
        }
        return typed;
    }

    /**
     * An exit status as a shell reports it, from the wait(2) status Slurm stores: the code for a
     * normal exit, 128 + the signal for a killed job.
     */
    public static int exitStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    /**
     * The output file of a batch job for display: Slurm's default ({@code slurm-%j.out} in the working
     * directory) when none was given, relative paths resolved, and {@code %j %A %a %u %x %%} expanded.
     */
    public static String outputPath(
            @Nullable String pattern,
            String workingDirectory,
            long jobId,
            @Nullable Long arrayJobId,
            @Nullable Integer arrayTaskId,
            String user,
            String jobName) {
        String path = pattern == null || pattern.isBlank()
                ? (arrayJobId != null ? "slurm-%A_%a.out" : "slurm-%j.out")
                : pattern;
        if (!path.startsWith("/") && !workingDirectory.isBlank()) {
            path = withoutTrailingSlashes(workingDirectory) + "/" + path;
        }
        Matcher m = OUTPUT_TOKEN.matcher(path);
        var out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "%" -> "%";
                case "j" -> Long.toString(jobId);
                case "A" -> Long.toString(arrayJobId != null ? arrayJobId : jobId);
                case "a" -> arrayTaskId != null ? arrayTaskId.toString() : m.group();
                case "u" -> user;
                default -> jobName;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
