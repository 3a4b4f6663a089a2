@NullMarked
package io.federa.models.ui;

import org.jspecify.annotations.NullMarked;
