/**
 * The job mirror: the per-cluster poller that copies every cluster's jobs into the portal's {@code jobs}
 * table ({@link io.federa.mirror.JobMirror}), the Jobs pages, a job's place in its queue, why it waits,
 * and which job carries a given comment. Pages read the mirror, never Slurm. It also feeds the quota
 * ledger's usage from finished and running jobs ({@link io.federa.mirror.UsageRecorded}).
 */
@NullMarked
package io.federa.mirror;

import org.jspecify.annotations.NullMarked;
