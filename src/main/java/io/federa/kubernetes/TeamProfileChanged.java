package io.federa.kubernetes;

import io.federa.shared.LiveUpdate;

/** A team's Profile was pushed (or a push failed, or drift was found) on a cluster: open views refresh. */
public record TeamProfileChanged(String team, String cluster) implements LiveUpdate {}
