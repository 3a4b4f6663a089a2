package io.federa.identity;

import io.federa.shared.Actor;
import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;
import java.time.Clock;

/**
 * A person completed a login (in the browser, or a script's access token was first seen); {@code
 * user.groups()} is the full, current set of their groups according to the identity provider.
 * Published synchronously inside the login transaction so that the first page after login already
 * sees the memberships it implies; the audit log records it after the commit.
 */
public record UserLoggedIn(CurrentUser user, AuditRecord audit) implements AuditableEvent {

    /** A login now, with no request origin (tests and tools that stand in for a login). */
    public UserLoggedIn(CurrentUser user) {
        this(
                user,
                AuditRecord.success(
                                Actor.person(user.username()),
                                Clock.systemUTC().instant(),
                                "login",
                                "person",
                                user.username())
                        .after(java.util.Map.of(
                                "roles", String.join(",", user.roles()), "groups", String.join(",", user.groups()))));
    }
}
