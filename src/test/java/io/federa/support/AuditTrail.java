package io.federa.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.shared.AuditRecord.Outcome;
import io.federa.shared.SystemTasks;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the audit log in tests: the entry an action left, once the listener (after the commit) wrote it. */
public final class AuditTrail {

    private AuditTrail() {}

    /**
     * Waits for the entries of {@code action} on {@code resourceType}/{@code resourceId} and checks
     * that there is exactly one, by {@code actor}, with {@code outcome}; returns it.
     */
    public static AuditEntry exactlyOne(
            AuditLog log, String action, String resourceType, String resourceId, String actor, Outcome outcome) {
        return exactlyOne(log, action, resourceType, resourceId, actor, outcome, null);
    }

    /** The same, counting only what happened at or after {@code since} (the same person acts in other tests). */
    public static AuditEntry exactlyOne(
            AuditLog log,
            String action,
            String resourceType,
            String resourceId,
            String actor,
            Outcome outcome,
            java.time.@Nullable Instant since) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> entries(log, action, resourceType, resourceId, since), l -> !l.isEmpty());
        // a second entry would come from the same commit: give the listener a moment to show it
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<AuditEntry> found = entries(log, action, resourceType, resourceId, since);
        assertThat(found)
                .as("audit entries of %s on %s %s", action, resourceType, resourceId)
                .hasSize(1);
        AuditEntry e = found.getFirst();
        assertThat(e.actor().name()).as("who").isEqualTo(actor);
        assertThat(e.outcome()).as("outcome (%s)", e.reason()).isEqualTo(outcome);
        return e;
    }

    public static List<AuditEntry> entries(
            AuditLog log, String action, @Nullable String resourceType, @Nullable String resourceId) {
        return entries(log, action, resourceType, resourceId, null);
    }

    static List<AuditEntry> entries(
            AuditLog log,
            String action,
            @Nullable String resourceType,
            @Nullable String resourceId,
            java.time.@Nullable Instant since) {
        return SystemTasks.runAsSystem(() ->
                log.page(new AuditQuery(null, null, action, resourceType, resourceId, null, since, null), null, 100));
    }
}
