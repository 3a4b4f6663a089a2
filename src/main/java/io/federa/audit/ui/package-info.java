@NullMarked
package io.federa.audit.ui;

import org.jspecify.annotations.NullMarked;
