/**
 * The frame around every page: main layout with navigation built from view metadata ({@code @Menu}
 * plus each view's security annotation), the "not allowed" page and the global error handler.
 */
@NullMarked
package io.federa.shell;

import org.jspecify.annotations.NullMarked;
