package io.federa.templates;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/** A run template was created, changed or deleted ({@code template.saved}, {@code template.deleted}). */
public record RunTemplateChanged(AuditRecord audit) implements AuditableEvent {}
