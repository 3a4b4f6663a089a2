@NullMarked
package io.federa.models.internal;

import org.jspecify.annotations.NullMarked;
