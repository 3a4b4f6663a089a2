package io.federa.quota;

import io.federa.shared.LiveUpdate;

/** A team's quota, its reservations or its QOS push status changed; open quota views refresh. */
public record QuotasChanged(String team) implements LiveUpdate {}
