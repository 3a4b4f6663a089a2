package io.federa.clusters.internal;

import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.internal.slurm.ClusterConnection;
import io.federa.clusters.internal.slurm.SlurmRestClientFactory;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Clients for registered clusters, built from the registry and kept until the cluster's settings
 * change (then the next call builds a new one, with the new URL or secret).
 */
@Service
class RegistrySlurmClients implements SlurmClients {

    private record Cached(Instant settingsOf, SlurmClient client) {}

    private final JdbcClusterRegistry registry;
    private final SlurmRestClientFactory factory;
    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    RegistrySlurmClients(JdbcClusterRegistry registry, SlurmRestClientFactory factory) {
        this.registry = registry;
        this.factory = factory;
    }

    @Override
    public SlurmClient forCluster(String cluster) {
        StoredCluster stored = registry.find(cluster)
                .filter(StoredCluster::enabled)
                .orElseThrow(() -> new ClusterUnavailableException(cluster, "it is not registered or is disabled"));
        Cached cached = clients.compute(
                cluster,
                (name, old) -> old != null && old.settingsOf().equals(stored.updatedAt())
                        ? old
                        : new Cached(stored.updatedAt(), factory.create(connection(stored))));
        return cached.client();
    }

    private static ClusterConnection connection(StoredCluster c) {
        ClusterConnection.Credential credential = c.authMode() == AuthMode.JWT_KEY
                ? new ClusterConnection.JwtKey(Base64.getDecoder().decode(c.secret()))
                : new ClusterConnection.StaticToken(c.secret());
        return new ClusterConnection(c.name(), c.restUrl(), credential, c.adminUser(), c.pinnedApiVersion());
    }
}
