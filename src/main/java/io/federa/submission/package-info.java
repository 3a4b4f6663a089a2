/**
 * What a person asks to run and how it reaches a cluster: scripts checked and their {@code #SBATCH}
 * lines parsed by the portal ({@link io.federa.submission.RunPlanner}, {@link
 * io.federa.submission.ScriptDirectives}), routing to any eligible cluster ({@link
 * io.federa.submission.RunRouting}, a pure function), and the submit-exactly-once core: a submission whose
 * answer was lost is looked up by the id in its job's comment, never re-sent
 * (docs/adr/0011-runs-idempotent-submission-and-reporting.md).
 */
@NullMarked
package io.federa.submission;

import org.jspecify.annotations.NullMarked;
