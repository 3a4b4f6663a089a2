package io.federa.kubernetes;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A registered Kubernetes cluster with its last known health. Never contains credentials (the CA
 * certificate is public: it only lets the portal check the API server's certificate).
 */
public record KubernetesClusterOverview(
        String name,
        URI apiUrl,
        @Nullable String caCertificate,
        KubernetesAuthKind authKind,
        @Nullable URI notebookGatewayUrl,
        String namespacePattern,
        boolean enabled,
        KubernetesHealth health) {

    public boolean caConfigured() {
        return caCertificate != null;
    }
}
