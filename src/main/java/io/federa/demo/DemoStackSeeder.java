package io.federa.demo;

import io.federa.access.AdoptResult;
import io.federa.access.ApplyRecord;
import io.federa.access.ClusterPermissions;
import io.federa.access.ImportEverywhere;
import io.federa.access.Plan;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.identity.DirectorySync;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.SystemTasks;
import io.federa.shared.UserFacingException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo only: when {@code federa.demo.slurm-env} names the env files written by {@code
 * scripts/slurm-up.sh} and {@code scripts/slurm-newer-up.sh} (comma-separated), makes the demo stack
 * ready to use, in the background after start-up and idempotently on every start:
 *
 * <ol>
 *   <li>registers their clusters (if not yet registered); an entry that is a second door to another
 *       entry's Slurm cluster ({@code C4V43_CLUSTER=c4}) is skipped, since registering it would
 *       mirror that cluster's jobs twice;
 *   <li>reads people and teams from the directory, then adopts "all on every cluster" of the
 *       permissions console for these clusters (teams → the Slurm accounts of their name, people →
 *       the Slurm users of their name: alice and bob; carol and dave have no team);
 *   <li>applies each cluster's plan through the console's normal apply (team QOS, associations);
 *   <li>gives each mapped team {@link #demoQuota a modest quota} where it has none, pushed to Slurm
 *       as the team's QOS like any quota.
 * </ol>
 *
 * A cluster that cannot be read or set up is tried again every {@code federa.demo.retry-interval}
 * (30 s), up to 10 times. {@code run.sh} sets the property; production leaves it unset. Each pass
 * ends with one log line that run.sh waits for: "demo: the demo stack is ready", "… partly ready"
 * (with what is not, and why) or "… not ready".
 */
@Component
class DemoStackSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoStackSeeder.class);
    private static final int ATTEMPTS = 10;

    /**
     * 4 CPUs (twice a local cluster's one 2-CPU node: it never binds tighter than the hardware on the
     * clusters tests share), 8 jobs, 500 CPU-hours a month per team and cluster; no GPUs to limit.
     */
    static TeamQuota demoQuota(String team, String cluster) {
        return new TeamQuota(team, cluster, 4, null, 8, 500, null);
    }

    private final ClusterRegistry registry;
    private final DirectorySync directory;
    private final ClusterPermissions permissions;
    private final TeamAccounts teamAccounts;
    private final Quotas quotas;
    private final String slurmEnv;
    private final Duration retryInterval;
    private volatile @Nullable Thread worker;

    DemoStackSeeder(
            ClusterRegistry registry,
            DirectorySync directory,
            ClusterPermissions permissions,
            TeamAccounts teamAccounts,
            Quotas quotas,
            DemoProperties props) {
        this.registry = registry;
        this.directory = directory;
        this.permissions = permissions;
        this.teamAccounts = teamAccounts;
        this.quotas = quotas;
        this.slurmEnv = props.slurmEnv();
        this.retryInterval = props.retryInterval();
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedInTheBackground() {
        if (slurmEnv.isBlank()) {
            return;
        }
        worker = Thread.ofVirtual().name("demo-seeder").start(this::seedUntilDone);
    }

    @PreDestroy
    void stop() {
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }

    /** Seeds; clusters that could not be read or set up are tried again every retry interval, 10 times. */
    private void seedUntilDone() {
        Set<String> pending = Set.of();
        for (int attempt = 1; attempt <= ATTEMPTS && !Thread.currentThread().isInterrupted(); attempt++) {
            Set<String> only = pending;
            try {
                pending = SystemTasks.runAsSystem(() -> seed(only));
            } catch (RuntimeException e) {
                log.warn("demo: the demo stack is not ready: {}", e.toString(), e);
                return;
            }
            if (pending.isEmpty()) {
                return;
            }
            if (attempt == ATTEMPTS) {
                log.warn("demo: the demo stack is not ready on {}: giving up after {} attempts", pending, ATTEMPTS);
                return;
            }
            try {
                Thread.sleep(retryInterval);
            } catch (InterruptedException e) {
                return; // the portal stops
            }
        }
    }

    /**
     * One pass: registers, adopts, applies and sets quotas on {@code only} the given clusters (all of the
     * env files' when empty); returns the clusters that could not be set up.
     */
    private Set<String> seed(Set<String> only) {
        Set<String> clusters = new LinkedHashSet<>();
        for (String file : slurmEnv.split(",")) {
            if (!file.isBlank()) {
                clusters.addAll(register(Path.of(file.trim())));
            }
        }
        if (!only.isEmpty()) {
            clusters.retainAll(only);
        }
        if (clusters.isEmpty()) {
            log.warn("demo: the demo stack is not ready: no cluster in {}", slurmEnv);
            return Set.of();
        }
        try {
            directory.syncNow();
        } catch (UserFacingException e) {
            log.warn("demo: {} — adopting with the people the portal knows", e.userMessage());
        }
        ImportEverywhere all = permissions.importFromEveryCluster();
        AdoptResult adopted = permissions.adopt(
                all.accounts().stream()
                        .filter(p -> clusters.contains(p.cluster()))
                        .toList(),
                all.users().stream().filter(p -> clusters.contains(p.cluster())).toList());
        all.leftForChoice().forEach(l -> log.info("demo: left for a choice: {}", l));
        Map<String, String> notYet = new TreeMap<>();
        all.unreadable().forEach((c, why) -> {
            if (clusters.contains(c)) {
                notYet.put(c, why);
            }
        });
        List<String> outcome = new ArrayList<>();
        // the clusters' applies and quota pushes are independent: one virtual thread each
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<String>> results = new LinkedHashMap<>();
            clusters.stream()
                    .filter(c -> !notYet.containsKey(c))
                    .forEach(c ->
                            results.put(c, threads.submit(() -> SystemTasks.runAsSystem(() -> applyAndQuota(c)))));
            for (var result : results.entrySet()) {
                try {
                    outcome.add(result.getValue().get());
                } catch (ExecutionException e) {
                    notYet.put(result.getKey(), String.valueOf(e.getCause()));
                    log.warn("demo: setting up {} failed", result.getKey(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Set.of();
                }
            }
        }
        String done = adopted.adopted().size() + " mapping(s) adopted"
                + (adopted.refused().isEmpty() ? "" : ", refused: " + String.join(" ", adopted.refused())) + "; "
                + String.join("; ", outcome);
        if (notYet.isEmpty()) {
            log.info("demo: the demo stack is ready: {}", done);
        } else {
            log.warn(
                    "demo: the demo stack is partly ready: {}; not yet: {}; trying again in {} s",
                    done,
                    notYet.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .collect(Collectors.joining(", ")),
                    retryInterval.toSeconds());
        }
        return notYet.keySet();
    }

    /** Applies the cluster's plan (if it has changes) and sets the demo quota of each mapped team that has none. */
    private String applyAndQuota(String cluster) {
        String applied;
        try {
            Plan plan = permissions.plan(cluster);
            if (plan.isEmpty()) {
                applied = "in line with Slurm";
            } else {
                ApplyRecord record = permissions.apply(cluster, null, plan.fingerprint(), step -> {});
                applied = record.succeeded() + " change(s) applied, " + record.failed() + " failed";
                record.steps().stream()
                        .filter(s -> !s.ok())
                        .forEach(s -> log.warn(
                                "demo: on {}: {} {} failed: {}",
                                cluster,
                                s.change().kind().label(),
                                s.change().target(),
                                s.error()));
            }
        } catch (UserFacingException e) {
            applied = "not applied (" + e.userMessage() + ")";
        }
        List<String> teams = teamAccounts.all().stream()
                .filter(m -> m.cluster().equals(cluster))
                .map(TeamAccount::team)
                .sorted()
                .toList();
        List<String> withQuota = new ArrayList<>();
        for (String team : teams) {
            if (quotas.quotaOf(team, cluster).isEmpty()) {
                quotas.setQuota(demoQuota(team, cluster));
                withQuota.add(team);
            }
        }
        return cluster + ": " + applied
                + (withQuota.isEmpty() ? "" : ", demo quota set for " + String.join(", ", withQuota));
    }

    /** Registers the clusters of one env file that are not registered yet; returns every cluster it names. */
    private List<String> register(Path file) {
        if (!Files.isReadable(file)) {
            log.warn("federa.demo.slurm-env: {} is not readable: its clusters are not registered", file);
            return List.of();
        }
        var env = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            env.load(in);
        } catch (IOException e) {
            log.warn("federa.demo.slurm-env: {} cannot be read ({}): its clusters are not registered", file, e);
            return List.of();
        }
        String listed = env.getProperty("SLURM_CLUSTERS", env.getProperty("SLURM_NEWER_CLUSTERS", ""));
        Set<String> known =
                registry.overview().stream().map(ClusterOverview::name).collect(Collectors.toSet());
        List<String> named = new ArrayList<>();
        for (String cluster : listed.split("[,\\s]+")) {
            String prefix = cluster.toUpperCase(Locale.ROOT) + "_";
            // a second slurmrestd of another entry's cluster (C4V43_CLUSTER=c4) would mirror it twice
            boolean otherDoor = !env.getProperty(prefix + "CLUSTER", cluster).equals(cluster);
            if (cluster.isBlank() || otherDoor) {
                continue;
            }
            named.add(cluster);
            if (known.contains(cluster)) {
                continue;
            }
            registry.register(new ClusterSettings(
                    cluster,
                    URI.create(env.getProperty(prefix + "URL")),
                    AuthMode.JWT_KEY,
                    keyOf(Path.of(env.getProperty(prefix + "JWT_KEY"))),
                    env.getProperty("SLURM_ADMIN_USER", "federa"),
                    null));
            log.info("demo: registered cluster {}", cluster);
        }
        return named;
    }

    private static String keyOf(Path keyFile) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo cluster's JWT key " + keyFile, e);
        }
    }
}
