/** The cluster permissions console (admin). */
@NullMarked
package io.federa.access.ui;

import org.jspecify.annotations.NullMarked;
