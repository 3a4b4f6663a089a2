/** REST endpoints of the identity module. */
@NullMarked
package io.federa.identity.web;

import org.jspecify.annotations.NullMarked;
