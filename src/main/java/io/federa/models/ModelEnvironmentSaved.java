package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: a portal admin created or changed an environment. */
public record ModelEnvironmentSaved(AuditRecord audit) implements AuditableEvent {}
