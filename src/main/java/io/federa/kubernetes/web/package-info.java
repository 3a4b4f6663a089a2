/** The Kubernetes module's REST API. */
@NullMarked
package io.federa.kubernetes.web;

import org.jspecify.annotations.NullMarked;
