/**
 * Cluster permissions: which Slurm account a team computes under on each cluster ({@link
 * io.federa.access.TeamAccounts}) and which Slurm user a person is ({@link
 * io.federa.access.PersonSlurmUsers}, checked against the cluster's accounting). Still to come:
 * import / diff / apply against Slurm accounting and drift reports.
 */
@NullMarked
package io.federa.access;

import org.jspecify.annotations.NullMarked;
