/**
 * Kubernetes as a spoke (ADR 22): the registry of Kubernetes clusters (credentials encrypted at
 * rest), their health and features, which teams may use which cluster, each such team's Kubeflow
 * {@code Profile} (namespace + resource quota), and the watch-fed mirror in PostgreSQL of the custom
 * resources the portal owns. The fabric8 client lives in {@code internal}; no fabric8 type leaves
 * this module. Pages and the rest of the portal read the mirror, never the API server.
 */
@NullMarked
package io.federa.kubernetes;

import org.jspecify.annotations.NullMarked;
