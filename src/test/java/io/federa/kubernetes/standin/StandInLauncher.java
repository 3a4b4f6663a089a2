package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * STAND-IN CONTROLLERS for the demo: runs {@link StandInControllers#all()} (Profiles, Notebooks,
 * InferenceServices) on every local Kubernetes API server that {@code scripts/k8s-up.sh} started,
 * until the process is stopped ({@code scripts/standins.sh start|stop}, started by {@code ./run.sh};
 * docs/adr/0033). Test code, run from the test class path: the portal never contains it.
 *
 * <p>Arguments: {@code [k8s-env-file] [label-selector]}; the env file defaults to {@code
 * /var/tmp/federa-k8s/clusters.env}, the selector (which objects the stand-ins take, empty: all) to
 * the demo portal's objects ({@code federa.io/instance=default}), so that tests running their own
 * stand-ins on the same API servers keep theirs.
 */
public final class StandInLauncher {

    static final String DEFAULT_SELECTOR = "federa.io/instance=default";

    private StandInLauncher() {}

    public static void main(String[] args) throws Exception {
        Path env = Path.of(args.length > 0 ? args[0] : "/var/tmp/federa-k8s/clusters.env");
        String selector = args.length > 1 ? args[1] : DEFAULT_SELECTOR;
        var running = start(env, selector.isBlank() ? null : selector);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.forEach(StandInControllers::close);
            System.out.println("stand-ins: stopped");
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts the stand-ins on each cluster in {@code env} (as k8s-up.sh writes it); prints one line. */
    static List<StandInControllers> start(Path env, @Nullable String selector) throws IOException {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(env)) {
            properties.load(in);
        }
        var running = new ArrayList<StandInControllers>();
        var clusters = List.of(properties.getProperty("K8S_CLUSTERS", "k1,k2").split(","));
        for (String cluster : clusters) {
            String kubeconfig = properties.getProperty(cluster.trim().toUpperCase(Locale.ROOT) + "_KUBECONFIG");
            if (kubeconfig == null) {
                throw new IllegalStateException("no kubeconfig for " + cluster + " in " + env);
            }
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
                    .build();
            running.add(StandInControllers.start(client, selector, StandInControllers.all()));
        }
        System.out.println("stand-ins: running on " + String.join(", ", clusters) + " for "
                + (selector == null ? "all objects" : selector));
        return running;
    }
}
