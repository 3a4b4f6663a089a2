package io.federa.models;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Past tense, for the audit log: an InferenceService was created or changed (deploy, canary, promotion to 100 %, rollback). */
public record ModelDeployed(AuditRecord audit) implements AuditableEvent {}
