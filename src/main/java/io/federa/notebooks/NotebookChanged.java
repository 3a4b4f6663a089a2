package io.federa.notebooks;

import io.federa.shared.LiveUpdate;

/** A notebook changed (state, reason, warning, sharing): open pages refresh. Never carries a token. */
public record NotebookChanged(String id, String owner, String team, NotebookState state) implements LiveUpdate {}
