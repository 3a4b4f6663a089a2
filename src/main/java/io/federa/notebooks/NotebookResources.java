package io.federa.notebooks;

import org.jspecify.annotations.Nullable;

/**
 * What a notebook's server asks for.
 *
 * @param memoryMib memory in MiB
 * @param gpus GPUs (0: none)
 * @param timeLimitMinutes the job's time limit on Slurm; null on Kubernetes
 */
public record NotebookResources(
        int cpus, int memoryMib, int gpus, @Nullable Integer timeLimitMinutes) {

    /** In words for pages: "2 CPUs · 4 GiB · 1 GPU · 2 h". */
    public String describe() {
        var s = new StringBuilder();
        s.append(cpus).append(cpus == 1 ? " CPU" : " CPUs");
        s.append(" · ").append(memoryMib % 1024 == 0 ? (memoryMib / 1024) + " GiB" : memoryMib + " MiB");
        if (gpus > 0) {
            s.append(" · ").append(gpus).append(gpus == 1 ? " GPU" : " GPUs");
        }
        if (timeLimitMinutes != null) {
            s.append(" · ")
                    .append(timeLimitMinutes % 60 == 0 ? (timeLimitMinutes / 60) + " h" : timeLimitMinutes + " min");
        }
        return s.toString();
    }
}
