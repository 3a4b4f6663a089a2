package io.federa.notebooks;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;

/**
 * Something happened to a notebook for the audit log ({@code notebook.started}, {@code .stopped},
 * {@code .culled}, {@code .failed}, {@code .deleted}, {@code .shared} …). Never carries a token.
 */
public record NotebookAudited(AuditRecord audit) implements AuditableEvent {}
