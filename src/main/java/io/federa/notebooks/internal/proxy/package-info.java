/**
 * The authenticated reverse proxy at {@code /notebooks/<id>/…}: HTTP (streamed both ways) and
 * WebSockets to the one upstream the portal recorded for a notebook ({@link
 * io.federa.notebooks.internal.proxy.NotebookUpstreams}). See docs/adr/0031-notebook-proxy.md.
 */
@NullMarked
package io.federa.notebooks.internal.proxy;

import org.jspecify.annotations.NullMarked;
