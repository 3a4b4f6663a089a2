package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STAND-IN CONTROLLERS for the demo: runs the stand-ins (Profiles, Notebooks, InferenceServices) on
 * every local Kubernetes API server that {@code scripts/k8s-up.sh} started, until the process is
 * stopped ({@code scripts/standins.sh start|stop}, started by {@code ./run.sh}; docs/adr/0033). Where
 * the env file names a cluster's notebook gateway ({@code K1_NOTEBOOK_GATEWAY=http://127.0.0.1:11888})
 * a {@link NotebookGateway} listens on that port and Notebooks of the demo image {@value #DEMO_IMAGE}
 * run as Debian's Jupyter behind it ({@link JupyterNotebookStandIn}, ADR 0031); without one Notebooks
 * only get a status. Test code, run from the test class path: the portal never contains it.
 *
 * <p>Arguments: {@code [k8s-env-file] [label-selector] [work-dir]}; the env file defaults to {@code
 * /var/tmp/federa-k8s/clusters.env}, the selector (which objects the stand-ins take, empty: all) to
 * the demo portal's objects ({@code federa.io/instance=default}), so that tests running their own
 * stand-ins on the same API servers keep theirs; the work dir (the notebooks' "volumes", {@code
 * <cluster>/<namespace>/<name>}) to {@code /var/tmp/federa-standins}.
 */
public final class StandInLauncher {

    private static final Logger log = LoggerFactory.getLogger(StandInLauncher.class);
    static final String DEFAULT_SELECTOR = "federa.io/instance=default";
    static final Path DEFAULT_WORK = Path.of("/var/tmp/federa-standins");
    /** The image the demo offers (notebooks' DemoNotebookSeeder names the same, with a tag). */
    static final String DEMO_IMAGE = "federa/debian-jupyter";

    private StandInLauncher() {}

    public static void main(String[] args) throws Exception {
        Path env = Path.of(args.length > 0 ? args[0] : "/var/tmp/federa-k8s/clusters.env");
        String selector = args.length > 1 ? args[1] : DEFAULT_SELECTOR;
        Path work = args.length > 2 && !args[2].isBlank() ? Path.of(args[2]) : DEFAULT_WORK;
        var running = start(env, selector.isBlank() ? null : selector, work);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.forEach(Running::close);
            System.out.println("stand-ins: stopped");
            stopped.countDown();
        }));
        stopped.await();
    }

    /** One cluster's stand-ins and, when it has one, its notebook gateway. */
    record Running(StandInControllers controllers, @Nullable NotebookGateway gateway) {
        void close() {
            controllers.close(); // the Jupyter stand-in stops its Jupyter processes with it
            if (gateway != null) {
                try {
                    gateway.close();
                } catch (IOException e) {
                    log.warn("notebook gateway did not close: {}", e.toString());
                }
            }
        }
    }

    /** Starts the stand-ins on each cluster in {@code env} (as k8s-up.sh writes it); prints one line. */
    static List<Running> start(Path env, @Nullable String selector, Path work) throws IOException {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(env)) {
            properties.load(in);
        }
        var running = new ArrayList<Running>();
        var clusters = List.of(properties.getProperty("K8S_CLUSTERS", "k1,k2").split(","));
        var gateways = new ArrayList<String>();
        for (String name : clusters) {
            String cluster = name.trim();
            String p = cluster.toUpperCase(Locale.ROOT) + "_";
            String kubeconfig = properties.getProperty(p + "KUBECONFIG");
            if (kubeconfig == null) {
                throw new IllegalStateException("no kubeconfig for " + cluster + " in " + env);
            }
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
                    .build();
            String url = properties.getProperty(p + "NOTEBOOK_GATEWAY", "").trim();
            if (url.isEmpty()) {
                running.add(new Running(StandInControllers.start(client, selector, StandInControllers.all()), null));
                continue;
            }
            NotebookGateway gateway = NotebookGateway.start(URI.create(url).getPort());
            var jupyter =
                    new JupyterNotebookStandIn(gateway, Set.of(DEMO_IMAGE), work.resolve(cluster), Clock.systemUTC());
            running.add(new Running(
                    StandInControllers.start(client, selector, StandInControllers.withJupyter(jupyter)), gateway));
            gateways.add(cluster + " " + gateway.url());
        }
        System.out.println("stand-ins: running on " + String.join(", ", clusters) + " for "
                + (selector == null ? "all objects" : selector)
                + (gateways.isEmpty()
                        ? ""
                        : "; notebooks of " + DEMO_IMAGE + " run as Jupyter behind " + String.join(", ", gateways)));
        return running;
    }
}
