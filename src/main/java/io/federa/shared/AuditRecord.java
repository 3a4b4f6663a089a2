package io.federa.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry for the audit log, as the module that did something describes it.
 *
 * @param id unique per occurrence: the audit log records each id once
 * @param at when it happened (microsecond precision, as the database keeps it)
 * @param action what was done, {@code <resource>.<past-tense verb>}: {@code cluster.registered},
 *     {@code quota.set}, {@code run.submitted}
 * @param team the team whose data it touched, if any (team admins see their teams' entries)
 * @param reason why it was refused or failed; null on success
 * @param before a summary of the state before the change (field → value); secrets never go in (and
 *     values under secret-looking names are masked, see {@link #redact})
 * @param after the same after the change
 */
public record AuditRecord(
        UUID id,
        Instant at,
        Actor actor,
        String action,
        String resourceType,
        String resourceId,
        @Nullable String team,
        Outcome outcome,
        @Nullable String reason,
        Map<String, String> before,
        Map<String, String> after) {

    public enum Outcome {
        SUCCESS,
        REFUSED,
        FAILED
    }

    /** Values kept under secret-looking names: they say what happened to the secret, not what it is. */
    private static final java.util.Set<String> SECRET_MARKERS =
            java.util.Set.of("", "unchanged", "replaced", "set", "none", "removed", "[redacted]");

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(secret|password|passwd|token|credential|private.?key|api.?key|jwt).*");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)(bearer\\s+\\S+|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----)");

    public AuditRecord {
        Objects.requireNonNull(id);
        at = at.truncatedTo(ChronoUnit.MICROS);
        before = redact(before);
        after = redact(after);
        reason = reason == null ? null : maskValue(reason);
    }

    /** A successful action by {@code actor} now. */
    public static AuditRecord success(Actor actor, Instant at, String action, String resourceType, String resourceId) {
        return new AuditRecord(
                UUID.randomUUID(),
                at,
                actor,
                action,
                resourceType,
                resourceId,
                null,
                Outcome.SUCCESS,
                null,
                Map.of(),
                Map.of());
    }

    public AuditRecord team(@Nullable String team) {
        return new AuditRecord(id, at, actor, action, resourceType, resourceId, team, outcome, reason, before, after);
    }

    public AuditRecord before(Map<String, String> values) {
        return new AuditRecord(id, at, actor, action, resourceType, resourceId, team, outcome, reason, values, after);
    }

    public AuditRecord after(Map<String, String> values) {
        return new AuditRecord(id, at, actor, action, resourceType, resourceId, team, outcome, reason, before, values);
    }

    public AuditRecord refused(String why) {
        return new AuditRecord(
                id, at, actor, action, resourceType, resourceId, team, Outcome.REFUSED, why, before, after);
    }

    public AuditRecord failed(String why) {
        return new AuditRecord(
                id, at, actor, action, resourceType, resourceId, team, Outcome.FAILED, why, before, after);
    }

    /**
     * A sorted copy in which values under secret-looking names ({@code secret}, {@code password},
     * {@code token}, …) and values that look like tokens or keys are masked.
     */
    public static Map<String, String> redact(Map<String, String> values) {
        var out = new TreeMap<String, String>();
        values.forEach((k, v) -> {
            String value = v == null ? "" : v;
            if (SECRET_NAME.matcher(k).matches() && !SECRET_MARKERS.contains(value)) {
                out.put(k, "[redacted]");
            } else {
                out.put(k, maskValue(value));
            }
        });
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    private static String maskValue(String value) {
        return SECRET_VALUE.matcher(value).replaceAll("[redacted]");
    }
}
