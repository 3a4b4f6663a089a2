/**
 * slurmrestd REST API v0.0.38 (Slurm 22.05): hand-written DTOs from recorded answers (the spec that
 * 22.05 generates has defects) and their mapping to the domain types.
 */
@NullMarked
package io.federa.clusters.internal.slurm.v0038;

import org.jspecify.annotations.NullMarked;
