package io.federa.identity;

/**
 * The directory was read; {@code snapshot} is complete (every group, every member). Published
 * synchronously inside the sync's transaction so that teams and memberships change with the people.
 */
public record DirectorySynced(DirectorySnapshot snapshot) {}
