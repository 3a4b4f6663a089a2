package io.federa.quota;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/**
 * A quota was set or cleared ({@code quota.set}, {@code notebook-quota.set}, {@code
 * notebook-quota.cleared}, {@code notebook-quota.defaults-set}), with the limits before and after.
 */
public record QuotaChanged(AuditRecord audit) implements AuditableEvent {}
