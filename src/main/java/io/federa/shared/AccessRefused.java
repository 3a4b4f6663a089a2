package io.federa.shared;

import java.time.Instant;

/**
 * Someone was refused (HTTP 403, a page their roles do not allow, a team they may not act for). The
 * resource is the request ({@code GET /admin/quotas}) or the action they tried; the reason is what
 * they were told.
 */
public record AccessRefused(AuditRecord audit) implements AuditableEvent {

    public static AccessRefused of(Actor actor, Instant at, String request, String why) {
        return new AccessRefused(AuditRecord.success(actor, at, "access.refused", "request", request)
                .refused(why));
    }
}
