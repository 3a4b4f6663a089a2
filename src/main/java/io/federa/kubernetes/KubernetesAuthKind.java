package io.federa.kubernetes;

public enum KubernetesAuthKind {
    CLIENT_CERTIFICATE,
    BEARER_TOKEN
}
