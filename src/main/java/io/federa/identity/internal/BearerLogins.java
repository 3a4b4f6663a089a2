package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.OidcClaims;
import io.federa.shared.Actors;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * A REST caller's token carries roles and groups exactly as a browser login does; the portal applies
 * them the same way (person recorded, team memberships brought in line, a {@code login} audit entry)
 * the first time it sees that caller with those roles and groups, and again after {@code
 * federa.api.login-recheck}, not on every request.
 */
@Component
class BearerLogins {

    private record Seen(int fingerprint, Instant until) {}

    private final LoginRecorder recorder;
    private final Actors actors;
    private final ApiProperties props;
    private final Clock clock;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    BearerLogins(LoginRecorder recorder, Actors actors, ApiProperties props, Clock clock) {
        this.recorder = recorder;
        this.actors = actors;
        this.props = props;
        this.clock = clock;
    }

    void apply(JwtAuthenticationToken token) {
        CurrentUser user = OidcClaims.toCurrentUser(token.getToken().getClaims(), token.getAuthorities());
        int fingerprint = Objects.hash(user.roles(), user.groups(), user.displayName(), user.email());
        Instant now = clock.instant();
        Seen last = seen.get(user.subject());
        if (last != null && last.fingerprint() == fingerprint && now.isBefore(last.until())) {
            return;
        }
        recorder.recordToken(user, actors.current());
        if (seen.size() > 10_000) {
            seen.entrySet().removeIf(e -> now.isAfter(e.getValue().until()));
        }
        seen.put(user.subject(), new Seen(fingerprint, now.plus(props.loginRecheck())));
    }
}
