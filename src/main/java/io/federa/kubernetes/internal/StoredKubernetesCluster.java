package io.federa.kubernetes.internal;

import io.federa.kubernetes.KubernetesCredentials;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A registry row with its credentials decrypted, for building the cluster's client. Never logged. */
record StoredKubernetesCluster(
        long id,
        String name,
        URI apiUrl,
        @Nullable String caCertificate,
        KubernetesCredentials credentials,
        @Nullable URI notebookGatewayUrl,
        String namespacePattern,
        boolean enabled,
        Instant updatedAt) {

    @Override
    public String toString() {
        return "StoredKubernetesCluster[" + name + " " + apiUrl + " " + credentials.kind() + " credentials=***]";
    }
}
