package io.federa.tenancy;

/**
 * A member of a team as the admin pages show it.
 *
 * @param admin a team admin (from the directory; see ADR 7)
 */
public record TeamMember(String username, String displayName, boolean admin) {}
