/**
 * Value objects, error types and infrastructure every module may use. Depends on no other module.
 */
@NullMarked
package io.federa.shared;

import org.jspecify.annotations.NullMarked;
