package io.federa.clusters;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What an admin enters to register or change a cluster.
 *
 * @param secret the JWT key (base64) or token; on update, null or blank keeps the stored one
 * @param adminUser the Slurm user (AdminLevel=Administrator) the portal reads and writes accounting as
 * @param pinnedApiVersion e.g. "v0.0.38" for sites that lag; null picks the newest both sides speak
 */
public record ClusterSettings(
        String name,
        URI restUrl,
        AuthMode authMode,
        @Nullable String secret,
        String adminUser,
        @Nullable String pinnedApiVersion) {

    @Override
    public String toString() {
        return "ClusterSettings[name=" + name + ", restUrl=" + restUrl + ", authMode=" + authMode
                + ", secret=***, adminUser=" + adminUser + ", pinnedApiVersion=" + pinnedApiVersion + "]";
    }
}
