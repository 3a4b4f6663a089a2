package io.federa.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.shared.SystemTasks;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two real local Kubernetes API servers (k1, k2: Kubernetes' CRD API server + etcd) started by
 * {@code scripts/k8s-up.sh} (the test command starts them). Fails, never skips, when they are not
 * there. Gives the portal's credentials for registering them, {@code kubectl} as an admin for changes
 * made outside the portal, and stops/starts an API server.
 */
public final class KubernetesTestClusters {

    public static final Path ENV = Path.of(System.getProperty("federa.k8s.env", "/var/tmp/federa-k8s/clusters.env"));
    private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)");

    private final Properties env = new Properties();

    private KubernetesTestClusters() {
        if (!Files.isReadable(ENV)) {
            throw new IllegalStateException(ENV + " is missing: the local Kubernetes API servers are not running. "
                    + "Run ./test.sh, or scripts/k8s-up.sh before running tests by hand.");
        }
        try (Reader in = Files.newBufferedReader(ENV)) {
            env.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KubernetesTestClusters require() {
        var clusters = new KubernetesTestClusters();
        for (String c : List.of("k1", "k2")) {
            if (!clusters.apiServer("status", c).contains("running")) {
                clusters.apiServer("start", c); // another test stopped it and failed before starting it again
            }
        }
        return clusters;
    }

    private String get(String cluster, String key) {
        String value = env.getProperty(cluster.toUpperCase(Locale.ROOT) + "_" + key);
        if (value == null) {
            throw new IllegalStateException(key + " of " + cluster + " is not in " + ENV);
        }
        return value;
    }

    public URI url(String cluster) {
        return URI.create(get(cluster, "URL"));
    }

    public String caPem(String cluster) {
        return read(get(cluster, "CA"));
    }

    public String clientCertificatePem(String cluster) {
        return read(get(cluster, "CLIENT_CERT"));
    }

    public String clientKeyPem(String cluster) {
        return read(get(cluster, "CLIENT_KEY"));
    }

    public String token(String cluster) {
        return read(get(cluster, "TOKEN_FILE")).trim();
    }

    public Path kubeconfig(String cluster) {
        return Path.of(get(cluster, "KUBECONFIG"));
    }

    /** A namespace pattern no other test (or test run) on the shared API servers uses. */
    public static String uniquePattern() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "-{team}";
    }

    /** Registration with the portal's client certificate. */
    public KubernetesClusterSettings settings(String cluster, String namespacePattern) {
        return new KubernetesClusterSettings(
                cluster,
                url(cluster),
                caPem(cluster),
                new KubernetesCredentials.ClientCertificate(clientCertificatePem(cluster), clientKeyPem(cluster)),
                URI.create("http://127.0.0.1:8081"),
                namespacePattern);
    }

    /** Registration with the portal's bearer token. */
    public KubernetesClusterSettings tokenSettings(String cluster, String namespacePattern) {
        return new KubernetesClusterSettings(
                cluster,
                url(cluster),
                caPem(cluster),
                new KubernetesCredentials.BearerToken(token(cluster)),
                null,
                namespacePattern);
    }

    /** Registers k1 (client certificate) and k2 (bearer token) in a test's portal unless it has them. */
    public void registerBoth(KubernetesClusters registry) {
        SystemTasks.runAsSystem(() -> {
            var known = registry.overview().stream()
                    .map(KubernetesClusterOverview::name)
                    .toList();
            String pattern = uniquePattern();
            if (!known.contains("k1")) {
                registry.register(settings("k1", pattern));
            }
            if (!known.contains("k2")) {
                registry.register(tokenSettings("k2", pattern));
            }
            for (String c : List.of("k1", "k2")) {
                registry.setEnabled(c, true);
            }
            return null;
        });
    }

    /** An admin's fabric8 client from the cluster's kubeconfig (tests and stand-ins only). */
    public KubernetesClient admin(String cluster) {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig(cluster))))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kubectl as the cluster's admin; fails with kubectl's own words when it fails. */
    public String kubectl(String cluster, String... args) {
        Result r = kubectlResult(cluster, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + r.output());
        }
        return r.output();
    }

    /** kubectl whose failure is the point of the test. */
    public Result kubectlResult(String cluster, String... args) {
        var command = new ArrayList<String>(
                List.of(kubectlBinary(), "--kubeconfig", kubeconfig(cluster).toString()));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** kubectl reading {@code stdin} (e.g. {@code apply -f -}). */
    public String kubectlWithInput(String cluster, String stdin, String... args) {
        var command = new ArrayList<String>(
                List.of(kubectlBinary(), "--kubeconfig", kubeconfig(cluster).toString()));
        command.addAll(List.of(args));
        Result r = run(command, stdin);
        if (r.exit() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + r.output());
        }
        return r.output();
    }

    /** The host's kubectl, or Debian sid's that scripts/k8s-up.sh installed when the host has none. */
    private String kubectlBinary() {
        return env.getProperty("K8S_KUBECTL", "kubectl");
    }

    /** {@code scripts/k8s-apiserver.sh stop|start|status CLUSTER}. */
    public String apiServer(String action, String cluster) {
        Result r = run(List.of("scripts/k8s-apiserver.sh", action, cluster), null);
        if (r.exit() != 0 && !action.equals("status")) {
            throw new IllegalStateException("scripts/k8s-apiserver.sh " + action + " " + cluster + ": " + r.output());
        }
        return r.output();
    }

    /**
     * Compacts the cluster's etcd up to its current revision (the API server does it every 5 min):
     * afterwards every older resourceVersion answers 410 Gone.
     */
    public long compactEtcd(String cluster) {
        String etcd = get(cluster, "ETCD_URL");
        try (var http = HttpClient.newHttpClient()) {
            String range = post(http, etcd + "/v3/kv/range", "{\"key\":\"AA==\"}");
            Matcher m = REVISION.matcher(range);
            if (!m.find()) {
                throw new IllegalStateException("no revision in etcd's answer: " + range);
            }
            long revision = Long.parseLong(m.group(1));
            post(http, etcd + "/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
            return revision;
        }
    }

    private static String post(HttpClient http, String url, String body) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exit, String output) {}

    private static Result run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (the tests run as root, like ./test.sh)", e);
        }
    }
}
