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
 * error_code} (v0.0.38 submit) or {@code errno} (v0.0.38 nodes, partitions). From v0.0.42 on, a
 * DELETE of a job answers HTTP 200 with an empty {@code errors} array and the refusal only in {@code
 * status[]} ({@code {"error": {"code": 2002, "string": ...}, "job_id": {...}}}): those entries are
 * read as errors too, so that a refused cancel is a refusal in every version.
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
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return List.of();
        }
        var result = new ArrayList<SlurmError>();
        for (JsonNode s : root.path("status")) {
            JsonNode error = s.path("error");
            int code = error.path("code").asInt(0);
            if (code != 0) {
                String job = s.path("job_id").isObject()
                        ? s.path("job_id").path("number").asString("")
                        : text(s, "job_id");
                result.add(new SlurmError(
                        code, text(error, "string"), job.isBlank() ? "" : "job " + job, text(error, "message")));
            }
        }
        JsonNode errors = root.path("errors");
        if (!errors.isArray()) {
            return result;
        }
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
