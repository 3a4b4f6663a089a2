package io.federa.runs;

import java.time.Instant;

/** One log line a job reported; {@code seq} orders a run's lines and pages them ("after seq"). */
public record RunLogLine(long seq, String line, Instant at) {}
