package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: an approver approved or rejected a request (or a request failed when it was deployed). */
public record PromotionDecided(AuditRecord audit) implements AuditableEvent {}
