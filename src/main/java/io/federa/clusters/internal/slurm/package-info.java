/**
 * The slurmrestd client: one shared HTTP client, a circuit breaker and retry per cluster, metrics,
 * authentication (HS256 tokens minted per Slurm user, or a fixed token), API version discovery, and
 * the {@link io.federa.clusters.internal.slurm.SlurmApiAdapter} per REST API version (sub-packages
 * such as {@code v0038}). Nothing outside this package sees HTTP or JSON.
 */
@NullMarked
package io.federa.clusters.internal.slurm;

import org.jspecify.annotations.NullMarked;
