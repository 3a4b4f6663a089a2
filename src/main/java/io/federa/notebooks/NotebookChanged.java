package io.federa.notebooks;

import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;
import io.federa.shared.LiveUpdate;

/**
 * Something happened to a notebook ({@code notebook.started}, {@code .stopped}, {@code .culled},
 * {@code .failed} …): the audit log records it, open pages refresh. Never carries a token.
 */
public record NotebookChanged(String id, String owner, String team, NotebookState state, AuditRecord audit)
        implements AuditableEvent, LiveUpdate {}
