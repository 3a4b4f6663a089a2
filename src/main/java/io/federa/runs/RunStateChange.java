package io.federa.runs;

import java.time.Instant;

/** One step of a run's state history. */
public record RunStateChange(RunState state, String reason, Instant at) {}
