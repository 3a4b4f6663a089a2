package io.federa.access;

import org.jspecify.annotations.Nullable;

/**
 * An association of the cluster the portal leaves alone, shown so the admin knows it is there.
 *
 * @param user null for an account association
 * @param partition null when it holds for every partition
 * @param reason why the portal does not manage it
 */
public record UnmanagedAssociation(
        String account, @Nullable String user, @Nullable String partition, String reason) {}
