package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: someone asked to promote a version to an environment. */
public record PromotionRequested(AuditRecord audit) implements AuditableEvent {}
