/**
 * Per-team quotas per cluster and the reservations that enforce them at submit time, atomically in
 * the database; portal-wide notebook quotas; the per-team Slurm QOS that mirrors a quota, pushed after
 * each save, retried and checked for drift (ADR 9). (Usage from accounting comes with the usage ledger.)
 */
@NullMarked
package io.federa.quota;

import org.jspecify.annotations.NullMarked;
