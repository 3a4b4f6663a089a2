/**
 * Per-team quotas per cluster and the reservations that enforce them at submit time, atomically in
 * the database. (Usage from accounting and the per-team Slurm QOS that mirrors the quota come with
 * the cluster-permissions issue.)
 */
@NullMarked
package io.federa.quota;

import org.jspecify.annotations.NullMarked;
