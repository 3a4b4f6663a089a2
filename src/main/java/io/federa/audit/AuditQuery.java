package io.federa.audit;

import io.federa.shared.AuditRecord.Outcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters of the audit log; null (or blank) means any. Text filters match exactly (names are exact,
 * and exact matches use the indexes); {@code action} also matches a prefix ending in a dot ({@code
 * cluster.} for every cluster action).
 *
 * @param from inclusive, on when it happened
 * @param to exclusive
 */
public record AuditQuery(
        @Nullable String actor,
        @Nullable String team,
        @Nullable String action,
        @Nullable String resourceType,
        @Nullable String resourceId,
        @Nullable Outcome outcome,
        @Nullable Instant from,
        @Nullable Instant to) {

    public static AuditQuery any() {
        return new AuditQuery(null, null, null, null, null, null, null, null);
    }

    public static AuditQuery period(@Nullable Instant from, @Nullable Instant to) {
        return new AuditQuery(null, null, null, null, null, null, from, to);
    }
}
