@NullMarked
package io.federa.audit.web;

import org.jspecify.annotations.NullMarked;
