/**
 * Cluster permissions: which Slurm account a team computes under on each cluster (and, later, which
 * Slurm user a person is, import/diff/apply against Slurm accounting, drift).
 */
@NullMarked
package io.federa.access;

import org.jspecify.annotations.NullMarked;
