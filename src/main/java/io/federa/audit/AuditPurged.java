package io.federa.audit;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Old entries were removed by retention ({@code audit.purged}); {@code after} names the anchor. */
public record AuditPurged(AuditRecord audit) implements AuditableEvent {}
