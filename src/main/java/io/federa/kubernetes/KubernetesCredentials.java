package io.federa.kubernetes;

/**
 * How the portal authenticates to a cluster's API server. Write-only: stored encrypted, never shown,
 * never logged ({@code toString()} masks them).
 */
public sealed interface KubernetesCredentials {

    KubernetesAuthKind kind();

    /** A client certificate (PEM) and its private key (PEM, PKCS#1 or PKCS#8). */
    record ClientCertificate(String certificatePem, String privateKeyPem) implements KubernetesCredentials {

        @Override
        public KubernetesAuthKind kind() {
            return KubernetesAuthKind.CLIENT_CERTIFICATE;
        }

        @Override
        public String toString() {
            return "ClientCertificate[***]";
        }
    }

    /** A bearer token (a service account's token, or a static token the API server knows). */
    record BearerToken(String token) implements KubernetesCredentials {

        @Override
        public KubernetesAuthKind kind() {
            return KubernetesAuthKind.BEARER_TOKEN;
        }

        @Override
        public String toString() {
            return "BearerToken[***]";
        }
    }
}
