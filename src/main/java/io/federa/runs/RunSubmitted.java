package io.federa.runs;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** A run was accepted and stored for submission ({@code run.submitted}): where it goes and with what. */
public record RunSubmitted(AuditRecord audit) implements AuditableEvent {}
