package io.federa.runs;

import io.federa.shared.LiveUpdate;

/** A run moved to {@code state}: its page and the runs list refresh. */
public record RunStateChanged(String runId, String team, String cluster, RunState state) implements LiveUpdate {}
