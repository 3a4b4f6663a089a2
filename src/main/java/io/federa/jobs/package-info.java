/**
 * Work on the clusters: the per-cluster poller and the job mirror (this issue), and later runs,
 * templates, sweeps, logs and metrics. A page view never calls Slurm: it reads the mirror.
 */
@NullMarked
package io.federa.jobs;

import org.jspecify.annotations.NullMarked;
