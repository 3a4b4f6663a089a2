/**
 * Who is logged in: OIDC login through Keycloak, the {@link io.federa.identity.CurrentUser}, portal
 * roles, and the people the portal has seen. Publishes {@link io.federa.identity.UserLoggedIn} so
 * that other modules (tenancy) can bring their state in line with the token.
 */
@NullMarked
package io.federa.identity;

import org.jspecify.annotations.NullMarked;
