package io.federa.shared;

import org.jspecify.annotations.Nullable;

/**
 * Who did something, as the audit log records it: a person, a service account acting for a team,
 * the portal itself, or an anonymous caller; and from where (client address, user agent) when it
 * came in over HTTP.
 *
 * @param name a username, a service account's client id, or {@link SystemTasks#SYSTEM_USER}
 * @param onBehalfOf for a service account the team(s) it is bound to; for the portal's own work the
 *     person whose action caused it, when known
 */
public record Actor(
        Kind kind,
        String name,
        @Nullable String onBehalfOf,
        @Nullable String clientAddress,
        @Nullable String userAgent) {

    public enum Kind {
        PERSON,
        SERVICE_ACCOUNT,
        SYSTEM,
        ANONYMOUS
    }

    public Actor {
        userAgent = userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }

    public static Actor person(String username) {
        return new Actor(Kind.PERSON, username, null, null, null);
    }

    /** The portal's own background work. */
    public static Actor system() {
        return new Actor(Kind.SYSTEM, SystemTasks.SYSTEM_USER, null, null, null);
    }

    public Actor from(@Nullable String address, @Nullable String agent) {
        return new Actor(kind, name, onBehalfOf, address, agent);
    }

    /** "alice", "ci-team-a (service account for team-a)", "federa-system". */
    public String describe() {
        return switch (kind) {
            case SERVICE_ACCOUNT -> name + " (service account" + (onBehalfOf == null ? "" : " for " + onBehalfOf) + ")";
            case SYSTEM -> name + (onBehalfOf == null ? "" : " (for " + onBehalfOf + ")");
            default -> name;
        };
    }
}
