package io.federa.notebooks;

/** The idle-cull times people may choose, in minutes, set by portal admins. */
public record IdleCullBounds(int minMinutes, int maxMinutes, int defaultMinutes) {}
