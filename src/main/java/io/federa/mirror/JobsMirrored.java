package io.federa.mirror;

import io.federa.shared.LiveUpdate;

/** A poll of {@code cluster} changed {@code changed} mirrored jobs: open job views refresh. */
public record JobsMirrored(String cluster, int changed) implements LiveUpdate {}
