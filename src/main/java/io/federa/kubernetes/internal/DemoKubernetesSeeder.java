package io.federa.kubernetes.internal;

import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.shared.SystemTasks;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo only: when {@code federa.demo.k8s-env} names the env file written by {@code scripts/k8s-up.sh},
 * registers its clusters if not yet registered (k1 with the portal's client certificate, k2 with its
 * bearer token: both ways are shown) with the notebook gateway the env file names ({@code
 * K1_NOTEBOOK_GATEWAY}: the stand-in gateway of {@code scripts/standins.sh}; none when missing) and
 * lets the demo teams that exist use them. {@code run.sh} sets
 * the property; production leaves it unset.
 */
@Component
class DemoKubernetesSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoKubernetesSeeder.class);
    private static final Set<String> DEMO_TEAMS = Set.of("team-a", "team-b");

    private final KubernetesClusters registry;
    private final TeamKubernetesAccess access;
    private final TeamDirectory teams;
    private final String env;
    private volatile @Nullable Thread worker;

    DemoKubernetesSeeder(
            KubernetesClusters registry,
            TeamKubernetesAccess access,
            TeamDirectory teams,
            @Value("${federa.demo.k8s-env:}") String env) {
        this.registry = registry;
        this.access = access;
        this.teams = teams;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() throws IOException {
        if (env.isBlank()) {
            return;
        }
        Path file = Path.of(env.trim());
        if (!Files.isReadable(file)) {
            log.warn("federa.demo.k8s-env: {} is not readable: its Kubernetes clusters are not registered", file);
            return;
        }
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        List<String> registered = new ArrayList<>();
        SystemTasks.runAsSystem(() -> {
            Map<String, KubernetesClusterOverview> known =
                    registry.overview().stream().collect(Collectors.toMap(KubernetesClusterOverview::name, c -> c));
            List<String> demoTeams = teams.allTeams().stream()
                    .map(TeamOverview::name)
                    .filter(DEMO_TEAMS::contains)
                    .toList();
            boolean first = true;
            for (String cluster : props.getProperty("K8S_CLUSTERS", "").split("[,\\s]+")) {
                String p = cluster.toUpperCase(Locale.ROOT) + "_";
                if (cluster.isBlank() || known.containsKey(cluster)) {
                    first = false;
                    if (!cluster.isBlank()) {
                        addGateway(known.get(cluster), gateway(props.getProperty(p + "NOTEBOOK_GATEWAY")));
                    }
                    continue;
                }
                KubernetesCredentials credentials = first
                        ? new KubernetesCredentials.ClientCertificate(
                                read(props.getProperty(p + "CLIENT_CERT")), read(props.getProperty(p + "CLIENT_KEY")))
                        : new KubernetesCredentials.BearerToken(
                                read(props.getProperty(p + "TOKEN_FILE")).trim());
                first = false;
                try {
                    registry.register(new KubernetesClusterSettings(
                            cluster,
                            URI.create(props.getProperty(p + "URL")),
                            read(props.getProperty(p + "CA")),
                            credentials,
                            gateway(props.getProperty(p + "NOTEBOOK_GATEWAY")),
                            KubernetesClusterSettings.TEAM_PLACEHOLDER));
                    demoTeams.forEach(team -> access.grant(cluster, team));
                    registered.add(cluster);
                    log.info("demo: registered Kubernetes cluster {}; teams {} may use it", cluster, demoTeams);
                } catch (UserFacingException e) {
                    log.warn("demo: Kubernetes cluster {} not registered: {}", cluster, e.getMessage());
                }
            }
            if (!registered.isEmpty() && demoTeams.size() < DEMO_TEAMS.size()) {
                // a fresh data directory: the demo teams appear only when the demo stack's seeder has
                // synced the directory (in its own thread, after this); grant them once they exist
                worker = Thread.ofVirtual()
                        .name("demo-k8s-teams")
                        .start(() -> grantWhenTheTeamsExist(List.copyOf(registered)));
            }
            return null;
        });
    }

    @PreDestroy
    void stop() {
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }

    /** Grants the demo teams the newly registered clusters as they appear (every 2 s, up to 10 minutes). */
    private void grantWhenTheTeamsExist(List<String> clusters) {
        Set<String> granted = new java.util.HashSet<>();
        for (int attempt = 0; attempt < 300 && granted.size() < DEMO_TEAMS.size(); attempt++) {
            try {
                SystemTasks.runAsSystem(() -> {
                    for (TeamOverview team : teams.allTeams()) {
                        if (DEMO_TEAMS.contains(team.name()) && granted.add(team.name())) {
                            clusters.forEach(cluster -> access.grant(cluster, team.name()));
                            log.info("demo: team {} may use Kubernetes clusters {}", team.name(), clusters);
                        }
                    }
                    return null;
                });
                if (granted.size() < DEMO_TEAMS.size()) {
                    Thread.sleep(2000);
                }
            } catch (InterruptedException e) {
                return; // the portal stops
            } catch (RuntimeException e) {
                log.warn("demo: could not grant the demo teams Kubernetes clusters {}: {}", clusters, e.toString());
                return;
            }
        }
    }

    /** A demo data directory from before the gateway keys: the cluster gets its gateway now. */
    private void addGateway(KubernetesClusterOverview c, @Nullable URI gateway) {
        if (c.notebookGatewayUrl() == null && gateway != null) {
            registry.update(new KubernetesClusterSettings(
                    c.name(), c.apiUrl(), c.caCertificate(), null, gateway, c.namespacePattern()));
            log.info("demo: Kubernetes cluster {} serves notebooks through {}", c.name(), gateway);
        }
    }

    /** The stand-in notebook gateway that scripts/standins.sh serves (null: an env file without one). */
    private static @Nullable URI gateway(@Nullable String url) {
        return url == null || url.isBlank() ? null : URI.create(url.trim());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo Kubernetes cluster's file " + file, e);
        }
    }
}
