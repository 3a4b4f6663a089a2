/**
 * Notebooks (issue 14, docs/adr/0030-notebooks.md): Jupyter servers a person starts for a team, on
 * Kubernetes (a Kubeflow {@code Notebook} in the team's Profile namespace) or on Slurm (Jupyter as a
 * batch job through the submit-exactly-once core), opened only through the portal's authenticated
 * reverse proxy at {@code /notebooks/<id>/} ({@code internal.proxy}, docs/adr/0031-notebook-proxy.md).
 * The Jupyter token is the portal's own, stored encrypted, never shown; the upstream address is only
 * ever the one the portal recorded. Idle notebooks are stopped, never deleted, after a warning the
 * owner can answer with "extend".
 */
@NullMarked
package io.federa.notebooks;

import org.jspecify.annotations.NullMarked;
