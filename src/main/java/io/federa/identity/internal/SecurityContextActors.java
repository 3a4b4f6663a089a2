package io.federa.identity.internal;

import com.vaadin.flow.server.VaadinRequest;
import io.federa.identity.OidcClaims;
import io.federa.shared.Actor;
import io.federa.shared.Actors;
import io.federa.shared.SystemTasks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is acting, from the security context: a person logged in through the browser or calling with
 * their own access token; a Keycloak service account (client credentials), named by its client and
 * acting for the teams its user is in; the portal itself. From where: the HTTP request being
 * handled, also when Vaadin handles it over its push connection.
 */
@Component
class SecurityContextActors implements Actors {

    static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

    @Override
    public Actor current() {
        Actor actor = of(SecurityContextHolder.getContext().getAuthentication());
        HttpServletRequest request = currentRequest();
        if (request != null) {
            return actor.from(request.getRemoteAddr(), request.getHeader("User-Agent"));
        }
        VaadinRequest vaadin = VaadinRequest.getCurrent();
        if (vaadin != null) {
            return actor.from(vaadin.getRemoteAddr(), vaadin.getHeader("User-Agent"));
        }
        return actor;
    }

    static Actor of(@Nullable Authentication auth) {
        if (auth == null) {
            return Actor.system();
        }
        if (auth instanceof AnonymousAuthenticationToken) {
            return new Actor(Actor.Kind.ANONYMOUS, "anonymous", null, null, null);
        }
        if (auth instanceof JwtAuthenticationToken jwt) {
            return ofClaims(jwt.getToken().getClaims());
        }
        if (auth.getPrincipal() instanceof OidcUser user) {
            return Actor.person(user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject());
        }
        if (SystemTasks.SYSTEM_USER.equals(auth.getName())) {
            return Actor.system();
        }
        return Actor.person(auth.getName());
    }

    /** A service account (its user is {@code service-account-<client>}) or a person with their own token. */
    static Actor ofClaims(Map<String, Object> claims) {
        String username = String.valueOf(claims.getOrDefault("preferred_username", claims.get("sub")));
        if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            Object client = claims.getOrDefault("azp", username.substring(SERVICE_ACCOUNT_PREFIX.length()));
            var teams = OidcClaims.groups(claims);
            return new Actor(
                    Actor.Kind.SERVICE_ACCOUNT,
                    String.valueOf(client),
                    teams.isEmpty() ? null : String.join(",", teams),
                    null,
                    null);
        }
        return Actor.person(username);
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }
}
