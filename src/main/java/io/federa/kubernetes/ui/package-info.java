/** Kubernetes views and the sections this module contributes to other modules' pages. */
@NullMarked
package io.federa.kubernetes.ui;

import org.jspecify.annotations.NullMarked;
