package io.federa.identity;

import java.time.Instant;

/** Someone who has logged in to the portal at least once (or was synced from the directory). */
public record Person(String username, String displayName, String email, Instant lastLogin) {}
