package io.federa.runs.internal;

/** A job, authenticated by its run token: it may report for run {@code runId} only. */
public record RunCaller(String runId, String team) {}
