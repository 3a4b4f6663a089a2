package io.federa.clusters.internal.slurm;

import io.federa.clusters.SlurmError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code errors} array that every slurmrestd answer carries, in any API version: entries
 * name the number {@code error_number} (most v0.0.38 endpoints and all later versions), {@code
 * error_code} (v0.0.38 submit) or {@code errno} (v0.0.38 nodes, partitions).
 */
final class SlurmErrors {

    /** Slurm's SLURM_PROTOCOL_AUTHENTICATION_ERROR. */
    static final int PROTOCOL_AUTHENTICATION_ERROR = 1007;
    /** SLURM_PROTOCOL_SOCKET_ZERO_BYTES_SENT: what slurmrestd 22.05 reports when slurmctld dropped a bad token. */
    static final int ZERO_BYTES = 5005;

    private SlurmErrors() {}

    /** The errors of an answer; empty when there are none or the body is not JSON. */
    static List<SlurmError> read(JsonMapper json, byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode errors;
        try {
            errors = json.readTree(body).path("errors");
        } catch (JacksonException e) {
            return List.of();
        }
        if (!errors.isArray()) {
            return List.of();
        }
        var result = new ArrayList<SlurmError>();
        for (JsonNode e : errors) {
            int number = 0;
            for (String key : List.of("error_number", "error_code", "errno")) {
                if (e.path(key).isNumber()) {
                    number = e.path(key).asInt();
                    break;
                }
            }
            result.add(new SlurmError(number, text(e, "error"), text(e, "source"), text(e, "description")));
        }
        return result;
    }

    /**
     * slurmrestd 22.05 passes a token on to slurmctld unchecked; a token signed with the wrong key (or
     * expired) comes back as HTTP 500 with "Unspecified error" (-1), "Protocol authentication error"
     * (1007) or, for submit and cancel, "Zero Bytes were transmitted or received" (5005). None of
     * these is a refusal of the request itself.
     */
    static boolean meanAuthenticationFailure(List<SlurmError> errors) {
        if (errors.isEmpty()) {
            return false;
        }
        boolean allUnspecified =
                errors.stream().allMatch(e -> e.errorNumber() == -1 && e.error().equalsIgnoreCase("Unspecified error"));
        return allUnspecified
                || errors.stream()
                        .anyMatch(
                                e -> e.errorNumber() == PROTOCOL_AUTHENTICATION_ERROR || e.errorNumber() == ZERO_BYTES);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isValueNode() && !value.isNull() ? value.asString() : "";
    }
}
