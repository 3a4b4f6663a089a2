package io.federa.identity;

/**
 * A person completed a login; {@code user.groups()} is the full, current set of their groups
 * according to the identity provider. Published synchronously inside the login transaction so that
 * the first page after login already sees the memberships it implies.
 */
public record UserLoggedIn(CurrentUser user) {}
