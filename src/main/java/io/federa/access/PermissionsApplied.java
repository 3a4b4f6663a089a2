package io.federa.access;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/**
 * A plan was applied to a cluster's Slurm accounting ({@code permissions.applied}): success when
 * every change went through, failed (with how many) when some did not, refused when the plan was not
 * the previewed one any more. {@code after} lists each change and how it ended.
 */
public record PermissionsApplied(AuditRecord audit) implements AuditableEvent {}
