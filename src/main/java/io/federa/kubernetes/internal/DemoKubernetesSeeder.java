package io.federa.kubernetes.internal;

import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.shared.SystemTasks;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamCreated;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Demo only: when {@code federa.demo.k8s-env} names the env file written by {@code scripts/k8s-up.sh},
 * registers its clusters if not yet registered (k1 with the portal's client certificate, k2 with its
 * bearer token: both ways are shown) with the notebook gateway the env file names ({@code
 * K1_NOTEBOOK_GATEWAY}: the stand-in gateway of {@code scripts/standins.sh}; none when missing) and
 * lets the demo teams use them: those that exist at once, those that appear later when they are
 * created ({@link TeamCreated}). {@code run.sh} sets
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
        Properties props = load(file);
        SystemTasks.runAsSystem(() -> {
            Map<String, KubernetesClusterOverview> known =
                    registry.overview().stream().collect(Collectors.toMap(KubernetesClusterOverview::name, c -> c));
            List<String> registered = new ArrayList<>();
            boolean first = true;
            for (String cluster : clusterNames(props)) {
                String p = cluster.toUpperCase(Locale.ROOT) + "_";
                if (known.containsKey(cluster)) {
                    first = false;
                    addGateway(known.get(cluster), gateway(props.getProperty(p + "NOTEBOOK_GATEWAY")));
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
                    registered.add(cluster);
                    log.info("demo: registered Kubernetes cluster {}", cluster);
                } catch (UserFacingException e) {
                    log.warn("demo: Kubernetes cluster {} not registered: {}", cluster, e.getMessage());
                }
            }
            // the teams are read after the registrations: a team created in between is either seen
            // here or, when its TeamCreated is handled, finds the clusters registered
            List<String> demoTeams = teams.allTeams().stream()
                    .map(TeamOverview::name)
                    .filter(DEMO_TEAMS::contains)
                    .toList();
            for (String cluster : registered) {
                demoTeams.forEach(team -> access.grant(cluster, team));
                log.info("demo: teams {} may use Kubernetes cluster {}", demoTeams, cluster);
            }
            return null;
        });
    }

    /**
     * A demo team that appears after the start (on a fresh data directory the demo stack's seeder
     * syncs the directory after this seeder ran) may use the demo's Kubernetes clusters that are
     * registered. Only a new team: a grant an admin took away later is not given back.
     */
    @ApplicationModuleListener
    void on(TeamCreated event) {
        if (env.isBlank() || !DEMO_TEAMS.contains(event.name())) {
            return;
        }
        SystemTasks.runAsSystem(() -> {
            Set<String> registered = registry.overview().stream()
                    .map(KubernetesClusterOverview::name)
                    .collect(Collectors.toSet());
            List<String> clusters =
                    demoClusters().stream().filter(registered::contains).toList();
            clusters.forEach(cluster -> access.grant(cluster, event.name()));
            if (!clusters.isEmpty()) {
                log.info("demo: new team {} may use Kubernetes clusters {}", event.name(), clusters);
            }
            return null;
        });
    }

    /** The clusters the env file names (none when it is not readable). */
    private List<String> demoClusters() {
        try {
            return clusterNames(load(Path.of(env.trim())));
        } catch (IOException e) {
            log.warn("federa.demo.k8s-env: {} is not readable: {}", env, e.toString());
            return List.of();
        }
    }

    private static List<String> clusterNames(Properties props) {
        return Arrays.stream(props.getProperty("K8S_CLUSTERS", "").split("[,\\s]+"))
                .filter(c -> !c.isBlank())
                .toList();
    }

    private static Properties load(Path file) throws IOException {
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
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
