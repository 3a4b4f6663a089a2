package io.federa.tenancy;

/** A member of a team as the admin pages show it. */
public record TeamMember(String username, String displayName) {}
