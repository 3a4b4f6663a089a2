package io.federa.tenancy;

import java.time.Instant;

/**
 * A team came into being: its identity-provider group was seen for the first time (at a login or a
 * directory sync). Published in the transaction that saved it, through the event publication
 * registry, so that a listener in another module is not lost when the portal stops after the commit.
 */
public record TeamCreated(String name, Instant at) {}
