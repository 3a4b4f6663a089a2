package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: a version was registered from a run's artifact or an upload. */
public record ModelVersionRegistered(AuditRecord audit) implements AuditableEvent {}
