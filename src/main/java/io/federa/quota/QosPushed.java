package io.federa.quota;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** A team's quota was pushed to Slurm as its QOS ({@code quota.pushed}): success, or failed and why. */
public record QosPushed(AuditRecord audit) implements AuditableEvent {}
