package io.federa.access.internal;

import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.shared.SystemTasks;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo only: when {@code federa.demo.slurm-env} names the env files written by {@code
 * scripts/slurm-up.sh} and {@code scripts/slurm-newer-up.sh} (comma-separated), registers their
 * clusters (if not yet registered) and maps the demo teams to the Slurm accounts of the same name.
 * An entry that is a second door to another entry's Slurm cluster ({@code C4V43_CLUSTER=c4}) is
 * skipped: registering it would mirror that cluster's jobs twice. {@code run.sh} sets the property;
 * production leaves it unset.
 */
@Component
class DemoStackSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoStackSeeder.class);
    private static final Set<String> DEMO_TEAMS = Set.of("team-a", "team-b");

    private final ClusterRegistry registry;
    private final TeamAccounts teamAccounts;
    private final String slurmEnv;

    DemoStackSeeder(
            ClusterRegistry registry, TeamAccounts teamAccounts, @Value("${federa.demo.slurm-env:}") String slurmEnv) {
        this.registry = registry;
        this.teamAccounts = teamAccounts;
        this.slurmEnv = slurmEnv;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() throws IOException {
        for (String file : slurmEnv.split(",")) {
            if (!file.isBlank()) {
                seed(Path.of(file.trim()));
            }
        }
    }

    private void seed(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            log.warn("federa.demo.slurm-env: {} is not readable: its clusters are not registered", file);
            return;
        }
        var env = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            env.load(in);
        }
        String listed = env.getProperty("SLURM_CLUSTERS", env.getProperty("SLURM_NEWER_CLUSTERS", ""));
        SystemTasks.runAsSystem(() -> {
            Set<String> known =
                    registry.overview().stream().map(ClusterOverview::name).collect(Collectors.toSet());
            for (String cluster : listed.split("[,\\s]+")) {
                String prefix = cluster.toUpperCase(java.util.Locale.ROOT) + "_";
                // a second slurmrestd of another entry's cluster (C4V43_CLUSTER=c4) would mirror it twice
                boolean otherDoor =
                        !env.getProperty(prefix + "CLUSTER", cluster).equals(cluster);
                if (cluster.isBlank() || known.contains(cluster) || otherDoor) {
                    continue;
                }
                registry.register(new ClusterSettings(
                        cluster,
                        URI.create(env.getProperty(prefix + "URL")),
                        AuthMode.JWT_KEY,
                        keyOf(Path.of(env.getProperty(prefix + "JWT_KEY"))),
                        env.getProperty("SLURM_ADMIN_USER", "federa"),
                        null));
                for (String team : DEMO_TEAMS) {
                    teamAccounts.map(new TeamAccount(cluster, team, team));
                }
                log.info("demo: registered cluster {} and mapped {} to their Slurm accounts", cluster, DEMO_TEAMS);
            }
            return null;
        });
    }

    private static String keyOf(Path keyFile) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo cluster's JWT key " + keyFile, e);
        }
    }
}
