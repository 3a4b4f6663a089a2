package io.federa.runs;

import java.time.Instant;

/** One reported metric value at a step (e.g. loss at step 100). */
public record MetricPoint(String key, long step, double value, Instant timestamp) {}
