package io.federa.clusters.internal.slurm;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one cluster's slurmrestd.
 *
 * @param name the cluster's name in the portal (also names its circuit breaker and metrics)
 * @param url slurmrestd's base URL, e.g. {@code http://127.0.0.1:6820}
 * @param adminUser the Slurm user the portal reads as (an operator or administrator)
 * @param pinnedApiVersion use exactly this REST API version (e.g. "v0.0.38"); null picks the newest
 *     version both sides speak
 */
public record ClusterConnection(
        String name,
        URI url,
        Credential credential,
        String adminUser,
        @Nullable String pinnedApiVersion) {

    public ClusterConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(adminUser, "adminUser");
    }

    /** The URL as messages and logs may show it (see {@link #withoutCredentials}). */
    public String safeUrl() {
        return withoutCredentials(url);
    }

    /**
     * {@code url} without user info, query or fragment, which can carry credentials: scheme, host,
     * port and path only. For every URL a message or log line shows.
     */
    public static String withoutCredentials(URI url) {
        StringBuilder s = new StringBuilder();
        if (url.getScheme() != null) {
            s.append(url.getScheme()).append("://");
        }
        s.append(url.getHost() != null ? url.getHost() : "?");
        if (url.getPort() >= 0) {
            s.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            s.append(url.getRawPath());
        }
        return s.toString();
    }

    /** How the portal proves who it acts as. {@code toString()} never shows the secret. */
    public sealed interface Credential permits JwtKey, StaticToken {}

    /**
     * The cluster's HS256 signing key (slurm.conf {@code AuthAltParameters=jwt_key=...}, raw bytes):
     * the portal mints short-lived tokens for whichever Slurm user it acts as.
     */
    public record JwtKey(byte[] key) implements Credential {

        public JwtKey {
            if (key.length == 0) {
                throw new IllegalArgumentException("the JWT key is empty");
            }
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JwtKey that && Arrays.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "JwtKey[" + key.length + " bytes]";
        }
    }

    /** A fixed token (e.g. from {@code scontrol token}); it acts only as the user it was issued for. */
    public record StaticToken(String token) implements Credential {

        public StaticToken {
            if (token.isBlank()) {
                throw new IllegalArgumentException("the token is empty");
            }
        }

        @Override
        public String toString() {
            return "StaticToken[***]";
        }
    }
}
