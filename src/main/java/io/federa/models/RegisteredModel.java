package io.federa.models;

import java.time.Instant;
import java.util.Map;

/**
 * A model of a team: a name (a DNS label, as it names the InferenceService) and its versions.
 *
 * @param aliases alias → version number ({@code champion} → 3); mutable
 */
public record RegisteredModel(
        long id,
        String team,
        String name,
        String description,
        String createdBy,
        Instant createdAt,
        int versions,
        Map<String, Integer> aliases) {

    public RegisteredModel {
        aliases = Map.copyOf(aliases);
    }
}
