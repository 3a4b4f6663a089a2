package io.federa.kubernetes.internal;

import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.KubernetesAuthKind;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesHealth;
import io.federa.shared.SecretBox;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Kubernetes cluster registry in PostgreSQL. Credentials are sealed with {@link SecretBox}
 * (AES-256-GCM) before they reach the database, are never part of an overview and never logged.
 */
@Service
class JdbcKubernetesClusters implements KubernetesClusters {

    private static final Logger log = LoggerFactory.getLogger(JdbcKubernetesClusters.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Separates certificate and key in the sealed text: never part of a PEM. */
    private static final String SEPARATOR = "\u0000";

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;

    JdbcKubernetesClusters(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<KubernetesClusterOverview> overview() {
        return jdbc.sql("""
                        select c.id, c.name, c.api_url, c.ca_certificate, c.auth_kind,
                               c.notebook_gateway_url, c.namespace_pattern, c.enabled, s.state, s.reason,
                               s.last_check, s.last_contact, s.version, s.features, s.latency_ms
                        from kubernetes_clusters c left join kubernetes_cluster_status s on s.cluster_id = c.id
                        order by c.name""")
                .query((rs, n) -> new KubernetesClusterOverview(
                        rs.getString("name"),
                        URI.create(rs.getString("api_url")),
                        rs.getString("ca_certificate"),
                        KubernetesAuthKind.valueOf(rs.getString("auth_kind")),
                        uri(rs.getString("notebook_gateway_url")),
                        rs.getString("namespace_pattern"),
                        rs.getBoolean("enabled"),
                        health(rs)))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> enabledClusters() {
        return jdbc.sql("select name from kubernetes_clusters where enabled order by name")
                .query(String.class)
                .list();
    }

    @Override
    @Transactional
    public void register(KubernetesClusterSettings settings) {
        validate(settings);
        if (settings.credentials() == null) {
            throw new InvalidKubernetesSettingsException(
                    "Enter the credentials: a client certificate and its key, or a bearer token.");
        }
        if (find(settings.name()).isPresent()) {
            throw new InvalidKubernetesSettingsException(
                    "A Kubernetes cluster named " + settings.name() + " is already registered.");
        }
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into kubernetes_clusters (name, api_url, ca_certificate, auth_kind,
                            credentials_ciphertext, notebook_gateway_url, namespace_pattern, enabled,
                            created_at, updated_at)
                        values (:name, :url, :ca, :kind, :secret, :gateway, :pattern, true, :now, :now)
                        returning id""")
                .param("name", settings.name())
                .param("url", settings.apiUrl().toString())
                .param("ca", blankToNull(settings.caCertificate()), java.sql.Types.VARCHAR)
                .param("kind", settings.credentials().kind().name())
                .param("secret", box.encrypt(seal(settings.credentials())))
                .param("gateway", text(settings.notebookGatewayUrl()), java.sql.Types.VARCHAR)
                .param("pattern", settings.namespacePattern().trim())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into kubernetes_cluster_status (cluster_id, state, reason)
                        values (:id, 'UNKNOWN', 'not checked yet')""").param("id", id).update();
        log.info(
                "Kubernetes cluster registered: {} at {} ({})",
                settings.name(),
                settings.apiUrl(),
                settings.credentials().kind());
    }

    @Override
    @Transactional
    public void update(KubernetesClusterSettings settings) {
        StoredKubernetesCluster existing = find(settings.name())
                .orElseThrow(() ->
                        new InvalidKubernetesSettingsException("No Kubernetes cluster named " + settings.name() + "."));
        validate(settings);
        KubernetesCredentials credentials = settings.credentials();
        jdbc.sql("""
                        update kubernetes_clusters set api_url = :url, ca_certificate = :ca,
                            auth_kind = coalesce(:kind, auth_kind),
                            credentials_ciphertext = coalesce(:secret, credentials_ciphertext),
                            notebook_gateway_url = :gateway, namespace_pattern = :pattern, updated_at = :now
                        where id = :id""")
                .param("url", settings.apiUrl().toString())
                .param("ca", blankToNull(settings.caCertificate()), java.sql.Types.VARCHAR)
                .param("kind", credentials == null ? null : credentials.kind().name(), java.sql.Types.VARCHAR)
                .param("secret", credentials == null ? null : box.encrypt(seal(credentials)), java.sql.Types.BINARY)
                .param("gateway", text(settings.notebookGatewayUrl()), java.sql.Types.VARCHAR)
                .param("pattern", settings.namespacePattern().trim())
                .param("now", Timestamp.from(clock.instant()))
                .param("id", existing.id())
                .update();
        log.info(
                "Kubernetes cluster changed: {} at {} (new credentials: {})",
                settings.name(),
                settings.apiUrl(),
                credentials != null);
    }

    @Override
    @Transactional
    public void setEnabled(String name, boolean enabled) {
        // updated_at keys the cluster's client (KubeClients): enabling an enabled cluster keeps its
        // client, its watches and the calls under way on it
        int changed = jdbc.sql("""
                                update kubernetes_clusters
                                set updated_at = case when enabled = :enabled then updated_at else :now end,
                                    enabled = :enabled
                                where name = :name""")
                .param("enabled", enabled)
                .param("now", Timestamp.from(clock.instant()))
                .param("name", name)
                .update();
        if (changed == 0) {
            throw new InvalidKubernetesSettingsException("No Kubernetes cluster named " + name + ".");
        }
        log.info("Kubernetes cluster {}: {}", name, enabled ? "enabled" : "disabled");
    }

    /** The stored cluster with its credentials decrypted; for building clients only. */
    @Transactional(readOnly = true)
    Optional<StoredKubernetesCluster> find(String name) {
        return jdbc.sql("select * from kubernetes_clusters where name = :name")
                .param("name", name)
                .query((rs, n) -> new StoredKubernetesCluster(
                        rs.getLong("id"),
                        rs.getString("name"),
                        URI.create(rs.getString("api_url")),
                        rs.getString("ca_certificate"),
                        unseal(
                                KubernetesAuthKind.valueOf(rs.getString("auth_kind")),
                                box.decrypt(rs.getBytes("credentials_ciphertext"))),
                        uri(rs.getString("notebook_gateway_url")),
                        rs.getString("namespace_pattern"),
                        rs.getBoolean("enabled"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** id and namespace pattern of a cluster, without touching its credentials. */
    @Transactional(readOnly = true)
    Optional<ClusterRef> ref(String name) {
        return jdbc.sql("select id, name, namespace_pattern from kubernetes_clusters where name = :name")
                .param("name", name)
                .query((rs, n) ->
                        new ClusterRef(rs.getLong("id"), rs.getString("name"), rs.getString("namespace_pattern")))
                .optional();
    }

    /** A cluster as the rest of the module refers to it. */
    record ClusterRef(long id, String name, String namespacePattern) {

        /** The Profile (and namespace) name of {@code team}: the pattern with the team made DNS-safe. */
        String profileName(String team) {
            return namespaceFor(namespacePattern, team);
        }
    }

    static String namespaceFor(String pattern, String team) {
        String safe = team.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String name = pattern.replace(KubernetesClusterSettings.TEAM_PLACEHOLDER, safe);
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    // package-private for KubernetesSettingsFuzzTest
    static void validate(KubernetesClusterSettings s) {
        if (!NAME.matcher(s.name()).matches()) {
            throw new InvalidKubernetesSettingsException(
                    "The name must be 1–63 lower-case letters, digits or '-', starting with a letter or digit.");
        }
        URI url = s.apiUrl();
        if (url.getScheme() == null || !url.getScheme().equals("https") || url.getHost() == null) {
            throw new InvalidKubernetesSettingsException(
                    "The API server URL must be an https:// address with a host, like https://k8s.example.org:6443.");
        }
        String ca = blankToNull(s.caCertificate());
        if (ca != null) {
            certificate(ca, "The CA certificate");
        }
        if (s.credentials() instanceof KubernetesCredentials.ClientCertificate c) {
            certificate(c.certificatePem(), "The client certificate");
            String key = c.privateKeyPem().trim();
            if (!key.startsWith("-----BEGIN ") || !key.contains("PRIVATE KEY-----")) {
                throw new InvalidKubernetesSettingsException(
                        "The client key must be a PEM private key (-----BEGIN PRIVATE KEY----- or RSA/EC PRIVATE KEY).");
            }
        } else if (s.credentials() instanceof KubernetesCredentials.BearerToken t
                && (t.token().isBlank() || t.token().trim().chars().anyMatch(Character::isWhitespace))) {
            throw new InvalidKubernetesSettingsException("The bearer token must be one word, without spaces.");
        }
        URI gateway = s.notebookGatewayUrl();
        if (gateway != null
                && (gateway.getScheme() == null
                        || !(gateway.getScheme().equals("http")
                                || gateway.getScheme().equals("https"))
                        || gateway.getHost() == null)) {
            throw new InvalidKubernetesSettingsException(
                    "The notebook gateway URL must be an http:// or https:// address with a host.");
        }
        String pattern = s.namespacePattern().trim();
        if (!pattern.contains(KubernetesClusterSettings.TEAM_PLACEHOLDER)
                || !DNS_LABEL.matcher(namespaceFor(pattern, "team-a")).matches()
                || pattern.replace(KubernetesClusterSettings.TEAM_PLACEHOLDER, "")
                                .length()
                        > 40) {
            throw new InvalidKubernetesSettingsException("The namespace pattern must contain {team} and give a "
                    + "valid namespace name (lower-case letters, digits, '-'), like {team} or kf-{team}.");
        }
    }

    private static void certificate(String pem, String what) {
        try {
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> new CertificateException("no certificate"));
        } catch (CertificateException e) {
            throw new InvalidKubernetesSettingsException(
                    what + " must be a PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
    }

    private static String seal(KubernetesCredentials credentials) {
        return switch (credentials) {
            case KubernetesCredentials.ClientCertificate c ->
                c.certificatePem().trim() + SEPARATOR + c.privateKeyPem().trim();
            case KubernetesCredentials.BearerToken t -> t.token().trim();
        };
    }

    private static KubernetesCredentials unseal(KubernetesAuthKind kind, String sealed) {
        if (kind == KubernetesAuthKind.BEARER_TOKEN) {
            return new KubernetesCredentials.BearerToken(sealed);
        }
        int at = sealed.indexOf(SEPARATOR);
        return new KubernetesCredentials.ClientCertificate(sealed.substring(0, at), sealed.substring(at + 1));
    }

    private static KubernetesHealth health(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        if (state == null) {
            return KubernetesHealth.unknown();
        }
        Timestamp check = rs.getTimestamp("last_check");
        Timestamp contact = rs.getTimestamp("last_contact");
        int latency = rs.getInt("latency_ms");
        Integer latencyMs = rs.wasNull() ? null : latency;
        return new KubernetesHealth(
                KubernetesHealth.State.valueOf(state),
                rs.getString("reason"),
                check == null ? null : check.toInstant(),
                contact == null ? null : contact.toInstant(),
                rs.getString("version"),
                features(rs.getString("features")),
                latencyMs);
    }

    static Set<KubernetesFeature> features(String stored) {
        var set = EnumSet.noneOf(KubernetesFeature.class);
        Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).forEach(s -> set.add(KubernetesFeature.valueOf(s)));
        return set;
    }

    private static @Nullable URI uri(@Nullable String s) {
        return s == null ? null : URI.create(s);
    }

    private static @Nullable String text(@Nullable URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
