package io.federa.runs;

import io.federa.shared.LiveUpdate;

/** A job reported metrics, log lines, params, tags or an artifact for its run: open run pages refresh. */
public record RunReported(String runId, String team, String what) implements LiveUpdate {}
