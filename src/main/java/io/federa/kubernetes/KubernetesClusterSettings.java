package io.federa.kubernetes;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What an admin enters to register or change a Kubernetes cluster.
 *
 * @param apiUrl the API server, e.g. {@code https://k8s.example.org:6443}
 * @param caCertificate the PEM of the CA that signed the API server's certificate; null trusts the
 *     JVM's default CAs
 * @param credentials a client certificate and key, or a bearer token; on update null keeps the stored
 * @param notebookGatewayUrl how a notebook's {@code /notebook/<namespace>/<name>/} is reached: the
 *     Kubeflow/Istio gateway, or in-cluster service DNS when the portal runs in the cluster; null
 *     when the cluster serves no notebooks
 * @param namespacePattern a team's Profile (and namespace) name, {@code {team}} replaced by the team
 */
public record KubernetesClusterSettings(
        String name,
        URI apiUrl,
        @Nullable String caCertificate,
        @Nullable KubernetesCredentials credentials,
        @Nullable URI notebookGatewayUrl,
        String namespacePattern) {

    public static final String TEAM_PLACEHOLDER = "{team}";

    public KubernetesClusterSettings withName(String newName) {
        return new KubernetesClusterSettings(
                newName, apiUrl, caCertificate, credentials, notebookGatewayUrl, namespacePattern);
    }
}
