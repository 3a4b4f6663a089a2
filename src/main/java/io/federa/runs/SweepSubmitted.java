package io.federa.runs;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** A sweep (a job array of trial runs) was accepted and stored for submission ({@code sweep.submitted}). */
public record SweepSubmitted(AuditRecord audit) implements AuditableEvent {}
