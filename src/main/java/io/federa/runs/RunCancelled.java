package io.federa.runs;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** Someone asked Slurm to cancel a run's job ({@code run.cancelled}); failed when Slurm refused. */
public record RunCancelled(AuditRecord audit) implements AuditableEvent {}
