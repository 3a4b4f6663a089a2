/**
 * Runs and sweeps ({@link io.federa.runs.Runs}, {@link io.federa.runs.Sweeps}): a run is one job submitted
 * through the submission module's exactly-once core, a sweep a job array whose tasks are trial runs
 * (docs/adr/0012-sweeps-as-job-arrays.md). States follow the mirror; jobs report back with their run
 * token (metrics, logs, params, tags, artifacts). A page view never calls Slurm: it reads the stores.
 * See docs/adr/0011-runs-idempotent-submission-and-reporting.md.
 */
@NullMarked
package io.federa.runs;

import org.jspecify.annotations.NullMarked;
