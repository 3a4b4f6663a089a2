package io.federa.audit;

import io.federa.shared.Actor;
import io.federa.shared.AuditRecord.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log as stored: the recorded event, its place in the chain ({@code seq}) and
 * the hashes that chain it ({@code hash} = SHA-256 of {@code prevHash} and the entry's canonical form).
 */
public record AuditEntry(
        long seq,
        UUID eventId,
        Instant occurredAt,
        Instant recordedAt,
        Actor actor,
        String action,
        String resourceType,
        String resourceId,
        @Nullable String team,
        Outcome outcome,
        @Nullable String reason,
        Map<String, String> before,
        Map<String, String> after,
        String prevHash,
        String hash) {}
