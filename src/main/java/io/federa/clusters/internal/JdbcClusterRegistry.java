package io.federa.clusters.internal;

import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterHealth;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterRegistryChanged;
import io.federa.clusters.ClusterSettings;
import io.federa.clusters.InvalidClusterSettingsException;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.internal.slurm.ClusterConnection;
import io.federa.shared.AuditEvents;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcClusterRegistry implements ClusterRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcClusterRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SLURM_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,63}");
    private static final Pattern API_VERSION = Pattern.compile("v0\\.0\\.[0-9]{2}");

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditEvents audit;

    JdbcClusterRegistry(
            JdbcClient jdbc, SecretCipher cipher, Clock clock, ApplicationEventPublisher events, AuditEvents audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ClusterOverview> overview() {
        Map<Long, List<SlurmPartition>> partitions = jdbc
                .sql("select * from cluster_partitions order by name")
                .query((rs, n) -> Map.entry(rs.getLong("cluster_id"), partition(rs)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<Long, List<SlurmNode>> nodes = jdbc
                .sql("select * from cluster_nodes order by name")
                .query((rs, n) -> Map.entry(rs.getLong("cluster_id"), node(rs)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return jdbc.sql("""
                        select c.*, s.state, s.reason, s.detail, s.last_check, s.last_contact, s.slurm_release,
                               s.api_version, s.latency_ms
                        from clusters c left join cluster_status s on s.cluster_id = c.id
                        order by c.name""")
                .query((rs, n) -> new ClusterOverview(
                        rs.getString("name"),
                        URI.create(rs.getString("rest_url")),
                        AuthMode.valueOf(rs.getString("auth_mode")),
                        rs.getString("admin_user"),
                        rs.getString("pinned_api_version"),
                        rs.getBoolean("enabled"),
                        health(rs),
                        partitions.getOrDefault(rs.getLong("id"), List.of()),
                        nodes.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> enabledClusters() {
        return jdbc.sql("select name from clusters where enabled order by name")
                .query(String.class)
                .list();
    }

    @Override
    @Transactional
    public void register(ClusterSettings settings) {
        validate(settings, true);
        if (find(settings.name()).isPresent()) {
            throw new InvalidClusterSettingsException("A cluster named " + settings.name() + " is already registered.");
        }
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into clusters (name, rest_url, auth_mode, secret_ciphertext, admin_user,
                                              pinned_api_version, enabled, created_at, updated_at)
                        values (:name, :url, :mode, :secret, :admin, :pinned, true, :now, :now) returning id""")
                .param("name", settings.name())
                .param("url", settings.restUrl().toString())
                .param("mode", settings.authMode().name())
                .param("secret", cipher.encrypt(normalizedSecret(settings)))
                .param("admin", settings.adminUser())
                .param("pinned", blankToNull(settings.pinnedApiVersion()))
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        jdbc.sql("insert into cluster_status (cluster_id, state, reason) values (:id, 'UNKNOWN', 'not checked yet')")
                .param("id", id)
                .update();
        audited("cluster.registered", settings.name(), Map.of(), summary(settings, "set"));
        log.info(
                "cluster registered: {} at {} ({})",
                settings.name(),
                ClusterConnection.withoutCredentials(settings.restUrl()),
                settings.authMode());
    }

    @Override
    @Transactional
    public void update(ClusterSettings settings) {
        StoredCluster existing = find(settings.name())
                .orElseThrow(() -> new InvalidClusterSettingsException("No cluster named " + settings.name() + "."));
        validate(settings, false);
        boolean newSecret = settings.secret() != null && !settings.secret().isBlank();
        if (!newSecret && existing.authMode() != settings.authMode()) {
            throw new InvalidClusterSettingsException(
                    "Changing how the portal authenticates needs the new " + describe(settings.authMode()) + ".");
        }
        if (!newSecret && !sameOrigin(existing.restUrl(), settings.restUrl())) {
            // the stored key would sign tokens for whatever host the URL now names
            throw new InvalidClusterSettingsException("The slurmrestd address moves from " + origin(existing.restUrl())
                    + " to " + origin(settings.restUrl()) + ": enter the " + describe(settings.authMode())
                    + " again. The portal never sends the stored secret's tokens to another host, port or scheme.");
        }
        jdbc.sql("""
                        update clusters set rest_url = :url, auth_mode = :mode, admin_user = :admin,
                               pinned_api_version = :pinned, updated_at = :now,
                               secret_ciphertext = coalesce(:secret, secret_ciphertext)
                        where id = :id""")
                .param("url", settings.restUrl().toString())
                .param("mode", settings.authMode().name())
                .param("admin", settings.adminUser())
                .param("pinned", blankToNull(settings.pinnedApiVersion()))
                .param("now", Timestamp.from(clock.instant()))
                .param("secret", newSecret ? cipher.encrypt(normalizedSecret(settings)) : null, java.sql.Types.BINARY)
                .param("id", existing.id())
                .update();
        audited(
                "cluster.changed",
                settings.name(),
                summary(
                        new ClusterSettings(
                                existing.name(),
                                existing.restUrl(),
                                existing.authMode(),
                                null,
                                existing.adminUser(),
                                existing.pinnedApiVersion()),
                        "set"),
                summary(settings, newSecret ? "replaced" : "unchanged"));
        log.info(
                "cluster changed: {} at {} ({}, new secret: {})",
                settings.name(),
                ClusterConnection.withoutCredentials(settings.restUrl()),
                settings.authMode(),
                newSecret);
    }

    @Override
    @Transactional
    public void setEnabled(String name, boolean enabled) {
        int changed = jdbc.sql("update clusters set enabled = :enabled, updated_at = :now where name = :name")
                .param("enabled", enabled)
                .param("now", Timestamp.from(clock.instant()))
                .param("name", name)
                .update();
        if (changed == 0) {
            throw new InvalidClusterSettingsException("No cluster named " + name + ".");
        }
        audited(
                enabled ? "cluster.enabled" : "cluster.disabled",
                name,
                Map.of("enabled", String.valueOf(!enabled)),
                Map.of("enabled", String.valueOf(enabled)));
        log.info("cluster {}: {}", name, enabled ? "enabled" : "disabled");
    }

    private void audited(String action, String cluster, Map<String, String> before, Map<String, String> after) {
        events.publishEvent(new ClusterRegistryChanged(
                audit.record(action, "cluster", cluster).before(before).after(after)));
    }

    /** The settings as the audit log keeps them: of the secret only what happened to it. */
    private static Map<String, String> summary(ClusterSettings s, String secret) {
        var out = new java.util.LinkedHashMap<String, String>();
        out.put("restUrl", s.restUrl().toString());
        out.put("authMode", s.authMode().name());
        out.put("adminUser", s.adminUser());
        out.put("pinnedApiVersion", s.pinnedApiVersion() == null ? "" : s.pinnedApiVersion());
        out.put("secret", secret);
        return out;
    }

    /** The stored cluster with its secret decrypted; for building clients only. */
    @Transactional(readOnly = true)
    Optional<StoredCluster> find(String name) {
        return jdbc.sql("select * from clusters where name = :name")
                .param("name", name)
                .query((rs, n) -> new StoredCluster(
                        rs.getLong("id"),
                        rs.getString("name"),
                        URI.create(rs.getString("rest_url")),
                        AuthMode.valueOf(rs.getString("auth_mode")),
                        cipher.decrypt(rs.getBytes("secret_ciphertext")),
                        rs.getString("admin_user"),
                        rs.getString("pinned_api_version"),
                        rs.getBoolean("enabled"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    // package-private for ClusterSettingsFuzzTest
    static void validate(ClusterSettings s, boolean secretRequired) {
        if (!NAME.matcher(s.name()).matches()) {
            throw new InvalidClusterSettingsException("The name must be 1–63 lower-case letters, digits or '-', "
                    + "starting with a letter or digit (like Slurm's ClusterName).");
        }
        URI url = s.restUrl();
        if (url.getScheme() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new InvalidClusterSettingsException(
                    "The slurmrestd URL must be an http:// or https:// address with a host, like http://slurm-head:6820.");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            // they would be stored and shown in plain text: credentials belong in the secret field
            throw new InvalidClusterSettingsException("The slurmrestd URL must not carry a user name, password, query "
                    + "or fragment, like http://slurm-head:6820; put the JWT key or token in the secret field.");
        }
        if (!SLURM_USER.matcher(s.adminUser()).matches()) {
            throw new InvalidClusterSettingsException("The admin Slurm user must be a valid user name.");
        }
        if (s.pinnedApiVersion() != null
                && !s.pinnedApiVersion().isBlank()
                && !API_VERSION.matcher(s.pinnedApiVersion()).matches()) {
            throw new InvalidClusterSettingsException("A pinned API version looks like v0.0.38.");
        }
        boolean hasSecret = s.secret() != null && !s.secret().isBlank();
        if (secretRequired && !hasSecret) {
            throw new InvalidClusterSettingsException("Enter the " + describe(s.authMode()) + ".");
        }
        if (hasSecret && s.authMode() == AuthMode.JWT_KEY) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(s.secret().trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidClusterSettingsException(
                        "The JWT key must be base64, for example the output of: base64 -w0 jwt_hs256.key");
            }
            if (key.length < 32) {
                throw new InvalidClusterSettingsException(
                        "The JWT key is " + key.length + " bytes; Slurm's HS256 keys have at least 32.");
            }
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Scheme, host and port: where a token signed with the cluster's secret goes. */
    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static String origin(URI url) {
        return (url.getScheme().equalsIgnoreCase("https") ? "https://" : "") + url.getHost() + ":" + port(url);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String describe(AuthMode mode) {
        return mode == AuthMode.JWT_KEY ? "cluster's JWT signing key (base64)" : "token";
    }

    private static String normalizedSecret(ClusterSettings s) {
        return s.secret() == null ? "" : s.secret().trim();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ClusterHealth health(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        if (state == null) {
            return ClusterHealth.unknown();
        }
        Timestamp check = rs.getTimestamp("last_check");
        Timestamp contact = rs.getTimestamp("last_contact");
        int latency = rs.getInt("latency_ms");
        return new ClusterHealth(
                ClusterHealth.State.valueOf(state),
                rs.getString("reason"),
                rs.getString("detail"),
                check == null ? null : check.toInstant(),
                contact == null ? null : contact.toInstant(),
                rs.getString("slurm_release"),
                rs.getString("api_version"),
                rs.wasNull() ? null : latency);
    }

    private static SlurmPartition partition(ResultSet rs) throws SQLException {
        return new SlurmPartition(
                rs.getString("name"),
                rs.getString("state"),
                rs.getBoolean("is_default"),
                rs.getInt("total_nodes"),
                rs.getInt("total_cpus"),
                rs.getString("nodes"),
                (Integer) rs.getObject("max_time_minutes"),
                (Integer) rs.getObject("default_time_minutes"),
                (Integer) rs.getObject("max_nodes_per_job"));
    }

    private static SlurmNode node(ResultSet rs) throws SQLException {
        String flags = rs.getString("state_flags");
        String parts = rs.getString("partitions");
        return new SlurmNode(
                rs.getString("name"),
                rs.getString("state"),
                flags.isBlank() ? java.util.Set.of() : new HashSet<>(List.of(flags.split(","))),
                rs.getInt("cpus_total"),
                rs.getInt("cpus_allocated"),
                rs.getLong("memory_total_mb"),
                rs.getLong("memory_allocated_mb"),
                rs.getString("gres"),
                rs.getInt("gpus_total"),
                rs.getInt("gpus_allocated"),
                rs.getDouble("cpu_load"),
                parts.isBlank() ? List.of() : List.of(parts.split(",")),
                rs.getString("reason"));
    }
}
