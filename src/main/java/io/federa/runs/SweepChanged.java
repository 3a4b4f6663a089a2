package io.federa.runs;

import io.federa.shared.LiveUpdate;

/** A sweep as a whole moved to {@code state}; its trials announce themselves as {@link RunStateChanged}. */
public record SweepChanged(String sweepId, String team, SweepState state) implements LiveUpdate {}
