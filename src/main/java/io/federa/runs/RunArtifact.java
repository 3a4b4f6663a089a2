package io.federa.runs;

import java.time.Instant;

/** A file a job uploaded, stored per team under {@code federa.runs.artifacts.dir}. */
public record RunArtifact(String name, long sizeBytes, String sha256, Instant storedAt) {}
