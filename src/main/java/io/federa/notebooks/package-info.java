/**
 * Notebooks on Kubernetes and on Slurm, opened through the portal's authenticated reverse proxy
 * ({@code internal.proxy}, docs/adr/0031-notebook-proxy.md).
 */
@NullMarked
package io.federa.notebooks;

import org.jspecify.annotations.NullMarked;
