/**
 * Cluster permissions: which Slurm account a team computes under on each cluster and in which
 * partitions ({@link io.federa.access.TeamAccounts}), which Slurm user a person is ({@link
 * io.federa.access.PersonSlurmUsers}, checked against the cluster's accounting), and the console that
 * imports from, previews changes to, applies them to and reports drift of Slurm accounting ({@link
 * io.federa.access.ClusterPermissions}; ADR 8).
 */
@NullMarked
package io.federa.access;

import org.jspecify.annotations.NullMarked;
