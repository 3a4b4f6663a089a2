/**
 * slurmrestd REST API v0.0.40 to v0.0.45 (Slurm 23.11 to 26.05): one set of hand-written DTOs and
 * one adapter class for all of them, since these versions share their JSON shapes for everything the
 * portal reads and sends. What differs is data in {@link
 * io.federa.clusters.internal.slurm.v0040plus.Variant}, one constant per version; each version is
 * still its own {@link io.federa.clusters.internal.slurm.SlurmApiAdapter} bean (see {@code
 * NewerSlurmAdapters}).
 */
@NullMarked
package io.federa.clusters.internal.slurm.v0040plus;

import org.jspecify.annotations.NullMarked;
