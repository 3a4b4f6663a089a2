/**
 * Who is logged in: OIDC login through Keycloak, the {@link io.federa.identity.CurrentUser}, portal
 * roles, and the people the portal knows. Publishes {@link io.federa.identity.UserLoggedIn} (at each
 * login, from the token) and {@link io.federa.identity.DirectorySynced} (from Keycloak's admin API,
 * see {@link io.federa.identity.DirectorySync}) so that tenancy can bring teams in line. A person is
 * their OIDC subject: a user name that comes back with another account is refused until an admin
 * resolves it ({@link io.federa.identity.LoginConflicts}, {@link io.federa.identity.PersonReplaced};
 * docs/adr/0018-people-are-their-oidc-subject.md).
 */
@NullMarked
package io.federa.identity;

import org.jspecify.annotations.NullMarked;
