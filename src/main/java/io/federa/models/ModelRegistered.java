package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: a registered model was created. */
public record ModelRegistered(AuditRecord audit) implements AuditableEvent {}
