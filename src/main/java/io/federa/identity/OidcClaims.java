package io.federa.identity;

import io.federa.shared.Roles;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * How Keycloak's claims map to portal concepts: the {@code roles} claim (flat realm roles) to portal
 * roles, the {@code groups} claim (group names, no path) to teams. Keycloak leaves {@code groups}
 * out entirely, rather than empty, for a user in no group.
 */
public final class OidcClaims {

    public static final String ROLES = "roles";
    public static final String GROUPS = "groups";

    private OidcClaims() {}

    /** Portal-role authorities for the roles claim; realm roles the portal does not know are dropped. */
    public static Set<GrantedAuthority> authorities(Map<String, Object> claims) {
        return stringList(claims.get(ROLES)).stream()
                .filter(Roles.ALL::contains)
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority(Roles.AUTHORITY_PREFIX + r))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Team names from the groups claim; a leading "/" (full group path) is stripped. */
    public static Set<String> groups(Map<String, Object> claims) {
        return stringList(claims.get(GROUPS)).stream()
                .map(g -> g.startsWith("/") ? g.substring(1) : g)
                .filter(g -> !g.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public static CurrentUser toCurrentUser(OidcUser user, Collection<? extends GrantedAuthority> authorities) {
        String username = firstNonBlank(user.getPreferredUsername(), user.getSubject());
        return CurrentUser.of(
                user.getSubject(),
                username,
                firstNonBlank(user.getFullName(), username),
                firstNonBlank(user.getEmail(), ""),
                roles(authorities),
                groups(user.getClaims()));
    }

    /**
     * The person (or service account) behind an access token presented to the REST API: the same
     * claims, mapped the same way as at login.
     */
    public static CurrentUser toCurrentUser(
            Map<String, Object> claims, Collection<? extends GrantedAuthority> authorities) {
        String subject = String.valueOf(claims.get("sub"));
        String username = firstNonBlank(text(claims.get("preferred_username")), subject);
        return CurrentUser.of(
                subject,
                username,
                firstNonBlank(text(claims.get("name")), username),
                firstNonBlank(text(claims.get("email")), ""),
                roles(authorities),
                groups(claims));
    }

    private static Set<String> roles(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(Roles.AUTHORITY_PREFIX))
                .map(a -> a.substring(Roles.AUTHORITY_PREFIX.length()))
                .filter(Roles.ALL::contains)
                .collect(Collectors.toSet());
    }

    private static @org.jspecify.annotations.Nullable String text(@org.jspecify.annotations.Nullable Object claim) {
        return claim == null ? null : claim.toString();
    }

    private static List<String> stringList(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(Object::toString).toList();
        }
        if (claim instanceof String single && !single.isBlank()) {
            return List.of(single);
        }
        return List.of();
    }

    private static String firstNonBlank(@org.jspecify.annotations.Nullable String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
