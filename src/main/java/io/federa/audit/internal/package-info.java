@NullMarked
package io.federa.audit.internal;

import org.jspecify.annotations.NullMarked;
