package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: the requester withdrew their pending request. */
public record PromotionWithdrawn(AuditRecord audit) implements AuditableEvent {}
