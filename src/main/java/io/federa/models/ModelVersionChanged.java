package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: a version's tags, a model's alias changed, or a version was deleted. */
public record ModelVersionChanged(AuditRecord audit) implements AuditableEvent {}
