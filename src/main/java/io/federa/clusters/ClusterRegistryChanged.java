package io.federa.clusters;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/**
 * A cluster was registered, changed, enabled or disabled ({@code cluster.registered}, {@code
 * cluster.changed}, {@code cluster.enabled}, {@code cluster.disabled}); before and after hold the
 * settings, and of the secret only whether it was set or replaced.
 */
public record ClusterRegistryChanged(AuditRecord audit) implements AuditableEvent {}
