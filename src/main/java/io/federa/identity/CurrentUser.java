package io.federa.identity;

import io.federa.shared.Roles;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The person behind the current request, as the identity provider described them at login.
 *
 * @param subject the stable OIDC subject (Keycloak user id)
 * @param username the login name ({@code preferred_username})
 * @param displayName full name, or the username when the provider has none
 * @param email may be empty
 * @param roles portal roles (see {@link Roles}); never contains unknown realm roles
 * @param groups identity-provider groups, which are the portal's teams
 */
public record CurrentUser(
        String subject,
        String username,
        String displayName,
        String email,
        SortedSet<String> roles,
        SortedSet<String> groups) {

    public CurrentUser {
        roles = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(roles));
        groups = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    }

    public static CurrentUser of(
            String subject, String username, String displayName, String email, Set<String> roles, Set<String> groups) {
        return new CurrentUser(subject, username, displayName, email, new TreeSet<>(roles), new TreeSet<>(groups));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isPortalAdmin() {
        return hasRole(Roles.PORTAL_ADMIN);
    }
}
