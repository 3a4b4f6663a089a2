/**
 * The registry (JDBC), the fabric8 client behind {@link io.federa.kubernetes.internal.KubeApi}, the
 * health poller, the watch-fed mirror and the Profile push and drift check. Only this package names
 * fabric8 types.
 */
@NullMarked
package io.federa.kubernetes.internal;

import org.jspecify.annotations.NullMarked;
