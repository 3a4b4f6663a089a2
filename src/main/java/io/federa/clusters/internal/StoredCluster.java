package io.federa.clusters.internal;

import io.federa.clusters.AuthMode;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A registry row with its secret decrypted, for building the cluster's client. Never logged. */
record StoredCluster(
        long id,
        String name,
        URI restUrl,
        AuthMode authMode,
        String secret,
        String adminUser,
        @Nullable String pinnedApiVersion,
        boolean enabled,
        Instant updatedAt) {

    @Override
    public String toString() {
        return "StoredCluster[" + name + " "
                + io.federa.clusters.internal.slurm.ClusterConnection.withoutCredentials(restUrl) + " " + authMode
                + " secret=***]";
    }
}
