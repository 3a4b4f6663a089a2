package io.federa.access;

import io.federa.shared.LiveUpdate;

/** Mappings, the apply log or the drift report of {@code cluster} changed: open views refresh. */
public record ClusterPermissionsChanged(String cluster) implements LiveUpdate {}
