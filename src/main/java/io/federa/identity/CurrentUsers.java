package io.federa.identity;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Answers "who is this request for?" from the security context. */
@Component
public class CurrentUsers {

    /**
     * The logged-in user (browser session) or the caller of a REST request with an access token, or
     * empty for anonymous requests, run tokens and background threads.
     */
    public Optional<CurrentUser> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken jwt) {
            return Optional.of(OidcClaims.toCurrentUser(jwt.getToken().getClaims(), auth.getAuthorities()));
        }
        if (auth == null || !(auth.getPrincipal() instanceof OidcUser oidcUser)) {
            return Optional.empty();
        }
        return Optional.of(OidcClaims.toCurrentUser(oidcUser, auth.getAuthorities()));
    }

    /** The logged-in user; fails if there is none (a programming error behind an authenticated view). */
    public CurrentUser require() {
        return current().orElseThrow(() -> new IllegalStateException("no authenticated user in this context"));
    }
}
