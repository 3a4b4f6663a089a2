/**
 * Per-team quotas per cluster and the reservations that enforce them at submit time, atomically in
 * the database; portal-wide notebook quotas; the per-team Slurm QOS that mirrors a quota, pushed after
 * each save, retried and checked for drift (ADR 9); and the usage ledger ({@link io.federa.quota.Usage}:
 * CPU- and GPU-seconds per team, cluster and UTC day, fed by the jobs module from the job mirror; ADR 10).
 */
@NullMarked
package io.federa.quota;

import org.jspecify.annotations.NullMarked;
