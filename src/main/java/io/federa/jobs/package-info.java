/**
 * Work on the clusters: the per-cluster poller and the job mirror; runs ({@link io.federa.jobs.Runs}):
 * scripts checked and their {@code #SBATCH} lines parsed by the portal ({@link
 * io.federa.jobs.RunPlanner}), submitted exactly once (a lost answer is looked up by the run id, never
 * re-sent), states that follow the mirror, and what jobs report back with their run token (metrics,
 * logs, params, tags, artifacts). Templates ({@link io.federa.jobs.RunTemplates}, rendered by {@link
 * io.federa.jobs.TemplateRendering}: values are data) and routing to any eligible cluster ({@link
 * io.federa.jobs.RunRouting}, a pure function) are in docs/adr/0013-run-templates-and-routing.md. A page
 * view never calls Slurm: it reads the mirror. See docs/adr/0011-runs-idempotent-submission-and-reporting.md.
 */
@NullMarked
package io.federa.jobs;

import org.jspecify.annotations.NullMarked;
