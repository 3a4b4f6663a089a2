@NullMarked
package io.federa.models.web;

import org.jspecify.annotations.NullMarked;
