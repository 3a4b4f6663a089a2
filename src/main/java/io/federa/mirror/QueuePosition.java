package io.federa.mirror;

/**
 * Where a pending run's job stands in its partition's queue, from the job mirror: {@code position}
 * of {@code pending} pending jobs of the same cluster and partition (all accounts), counted by
 * submit time, then job id. Slurm starts jobs by priority and backfill, so this is the order of
 * arrival, not a promise; the mirror does not carry priorities (22.05's REST job list has them only
 * per job and they change every scheduling pass; docs/adr/0014-run-pages-queue-position-charts-404.md).
 */
public record QueuePosition(int position, int pending, String cluster, String partition) {}
