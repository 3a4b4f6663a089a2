package io.federa.clusters;

import org.jspecify.annotations.Nullable;

/**
 * A Slurm user as slurmdbd knows it.
 *
 * @param adminLevel "None", "Operator" or "Administrator"
 * @param defaultAccount null when the user has none
 */
public record SlurmUser(
        String name, String adminLevel, @Nullable String defaultAccount) {}
