/** The notebooks module's internals. */
@NullMarked
package io.federa.notebooks.internal;

import org.jspecify.annotations.NullMarked;
