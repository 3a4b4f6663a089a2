package io.federa.notebooks;

import org.jspecify.annotations.Nullable;

/**
 * What a person asks for on the New notebook form or {@code POST /api/notebooks}.
 *
 * @param kind where it should run; null = any eligible cluster of either kind
 * @param cluster the cluster; null = the first eligible one of {@code kind}
 * @param image the name of an admin-managed notebook image (Kubernetes) or Slurm environment
 * @param memoryMib memory in MiB
 * @param timeLimitMinutes the job's time limit (Slurm only; null = the portal's default)
 * @param idleCullMinutes stop it after this long idle; null = the portal's default; within the
 *     admins' bounds
 */
public record NotebookRequest(
        String team,
        @Nullable NotebookKind kind,
        @Nullable String cluster,
        String image,
        int cpus,
        int memoryMib,
        int gpus,
        @Nullable Integer timeLimitMinutes,
        @Nullable Integer idleCullMinutes) {}
