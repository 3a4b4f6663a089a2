package io.federa.clusters;

import java.util.List;
import java.util.Set;

/**
 * A compute node.
 *
 * @param state base state in lower case ("idle", "mixed", "allocated", "down", "drained", ...)
 * @param stateFlags further flags ("DRAIN", "NOT_RESPONDING", ...)
 * @param gres generic resources as Slurm writes them, e.g. "gpu:a100:4", empty if none
 * @param gpusTotal GPUs parsed from {@code gres}; 0 if none
 * @param gpusAllocated GPUs held by jobs, parsed from Slurm's {@code gres_used}; 0 if none
 * @param cpuLoad the node's load average (1.0 = one busy CPU)
 */
public record SlurmNode(
        String name,
        String state,
        Set<String> stateFlags,
        int cpusTotal,
        int cpusAllocated,
        long memoryTotalMb,
        long memoryAllocatedMb,
        String gres,
        int gpusTotal,
        int gpusAllocated,
        double cpuLoad,
        List<String> partitions,
        String reason) {

    public SlurmNode {
        stateFlags = Set.copyOf(stateFlags);
        partitions = List.copyOf(partitions);
    }

    /** The GPU model(s) of {@code gres} ("a100", "a100, h100"), "" when untyped or none. */
    public String gpuModel() {
        return io.federa.clusters.internal.slurm.SlurmFormats.gpuModels(gres);
    }
}
