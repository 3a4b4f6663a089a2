package io.federa.access;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the portal would change in one cluster's Slurm accounting, computed from the portal's mapping
 * and Slurm's accounting at {@code computedAt}.
 *
 * @param team null for every team mapped on the cluster; else only that team's account
 * @param changes in the order apply runs them
 * @param unmanaged associations the portal does not manage and will not touch
 * @param fingerprint identifies exactly these changes: apply refuses when the plan it recomputes
 *     has another fingerprint
 */
public record Plan(
        String cluster,
        @Nullable String team,
        Instant computedAt,
        List<PlannedChange> changes,
        List<UnmanagedAssociation> unmanaged,
        String fingerprint) {

    public Plan {
        changes = List.copyOf(changes);
        unmanaged = List.copyOf(unmanaged);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The fingerprint of a list of changes for a cluster and team scope. */
    public static String fingerprintOf(String cluster, @Nullable String team, List<PlannedChange> changes) {
        var text = new StringBuilder(cluster).append('\n').append(team == null ? "*" : team);
        changes.forEach(c -> text.append('\n').append(c.canonical()));
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
