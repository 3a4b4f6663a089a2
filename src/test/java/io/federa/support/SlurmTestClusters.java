package io.federa.support;

import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterSettings;
import io.federa.clusters.internal.slurm.ClusterConnection;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two real local Slurm 22.05 clusters started by {@code scripts/slurm-up.sh} (the test command
 * starts them). Fails, never skips, when they are not there.
 */
public final class SlurmTestClusters {

    public static final Path ENV =
            Path.of(System.getProperty("federa.slurm.env", "/var/tmp/federa-slurm/clusters.env"));
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)");

    private final Properties env = new Properties();

    private SlurmTestClusters() {
        if (!Files.isReadable(ENV)) {
            throw new IllegalStateException(ENV + " is missing: the Slurm clusters are not running. "
                    + "Run ./test.sh, or scripts/slurm-up.sh before running tests by hand.");
        }
        try (Reader in = Files.newBufferedReader(ENV)) {
            env.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final Path NEWER_ENV = ENV.resolveSibling("clusters-newer.env");

    public static SlurmTestClusters require() {
        var clusters = new SlurmTestClusters();
        clusters.requireUp("c1");
        clusters.requireUp("c2");
        return clusters;
    }

    /**
     * Also the newer generations: c3 (Slurm 24.11), c4 (26.05) and c4v43 (c4's second slurmrestd,
     * limited to v0.0.43), started in chroots by {@code scripts/slurm-newer-up.sh}.
     */
    public static SlurmTestClusters requireAllGenerations() {
        var clusters = require();
        if (!Files.isReadable(NEWER_ENV)) {
            throw new IllegalStateException(NEWER_ENV + " is missing: the Slurm 24.11/26.05 clusters are not "
                    + "running. Run ./test.sh, or scripts/slurm-newer-up.sh before running tests by hand.");
        }
        try (Reader in = Files.newBufferedReader(NEWER_ENV)) {
            clusters.env.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String c : new String[] {"c3", "c4", "c4v43"}) {
            clusters.requireUp(c);
        }
        return clusters;
    }

    /** True for the clusters that live in a chroot (their commands run through slurm-newer-exec.sh). */
    public boolean inChroot(String cluster) {
        return env.getProperty(cluster.toUpperCase(Locale.ROOT) + "_CHROOT") != null;
    }

    /** The job directory as the cluster's jobs see it. */
    public String jobDir(String cluster) {
        return inChroot(cluster) ? get(cluster, "JOB_DIR") : jobDir();
    }

    public URI url(String cluster) {
        return URI.create(get(cluster, "URL"));
    }

    public String adminUser() {
        return env.getProperty("SLURM_ADMIN_USER", "federa");
    }

    public String jobDir() {
        return env.getProperty("SLURM_JOB_DIR", "/tmp");
    }

    public String keyBase64(String cluster) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(get(cluster, "JWT_KEY"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How the portal's Slurm client connects to {@code cluster}: its admin user, a JWT signed with its key. */
    public ClusterConnection connection(String cluster) {
        return new ClusterConnection(
                cluster,
                url(cluster),
                new ClusterConnection.JwtKey(Base64.getDecoder().decode(keyBase64(cluster))),
                adminUser(),
                null);
    }

    public ClusterSettings settings(String cluster) {
        return new ClusterSettings(cluster, url(cluster), AuthMode.JWT_KEY, keyBase64(cluster), adminUser(), null);
    }

    /**
     * Submits a batch job with the real {@code sbatch} on {@code cluster}, as Linux user {@code user}
     * (outside the portal, as a person on a login node would), and returns its job id.
     */
    public long sbatch(String cluster, String user, String account, String... options) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(List.of("-A", account, "-D", jobDir(cluster), "-o", jobDir(cluster) + "/federa-test-%j.out"));
        command.addAll(List.of(options));
        String out = runAs(cluster, user, command);
        Matcher m = Pattern.compile("^(\\d+)").matcher(out.trim());
        if (!m.find()) {
            Matcher legacy = SUBMITTED.matcher(out);
            if (!legacy.find()) {
                throw new IllegalStateException("sbatch said: " + out);
            }
            return Long.parseLong(legacy.group(1));
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs a Slurm command as root against {@code cluster} and returns its output. */
    public String run(String cluster, List<String> command) {
        return runAs(cluster, "root", command);
    }

    /** Runs a Slurm command as {@code user} against {@code cluster} (host or chroot). */
    public String runAs(String cluster, String user, List<String> command) {
        List<String> full = new ArrayList<>();
        if (inChroot(cluster)) {
            full.addAll(List.of("scripts/slurm-newer-exec.sh", cluster, user, "--"));
        } else if (!user.equals("root")) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(command);
        try {
            var pb = new ProcessBuilder(full).redirectErrorStream(true);
            if (!inChroot(cluster)) {
                pb.environment().put("SLURM_CONF", get(cluster, "SLURM_CONF"));
            }
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + full);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(full + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops or starts one cluster's slurmrestd through the project's script. */
    public void restd(String action, String cluster) {
        try {
            Process p = new ProcessBuilder("scripts/slurm-restd.sh", action, cluster)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/slurm-restd.sh " + action + " " + cluster + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A TCP connect: slurmrestd 22.05's HTTP headers are too loose for the JDK's HttpClient. */
    private void requireUp(String cluster) {
        URI url = url(cluster);
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()), 3000);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "slurmrestd of " + cluster + " is not reachable at " + url
                            + ": run scripts/slurm-up.sh (./test.sh does)",
                    e);
        }
    }

    private String get(String cluster, String key) {
        String name = cluster.toUpperCase(Locale.ROOT) + "_" + key;
        String value = env.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not in " + ENV);
        }
        return value;
    }
}
