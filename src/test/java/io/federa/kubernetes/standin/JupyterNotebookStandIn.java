package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.support.LocalJupyter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STAND-IN for Kubeflow's notebook-controller and the kubelet, running the notebook for real: for a
 * {@code Notebook} whose image is one of the {@code localImages} (the images the demo offers, served by
 * Debian's Jupyter packages) it starts Jupyter locally exactly as the pod would run it ({@code
 * base_url} = the container's {@code NB_PREFIX}, the token from its {@code JUPYTER_TOKEN}, on 127.0.0.1,
 * the working directory kept under {@code workRoot/<namespace>/<name>} like the notebook's volume) and
 * routes {@code /notebook/<namespace>/<name>/} to it on the {@link NotebookGateway}. It reports the
 * status as the controller copies it from the pod: {@code ContainerCreating} until Jupyter answers,
 * then {@code running} and Ready; any other image fails as the kubelet would ({@code ErrImagePull},
 * then {@code ImagePullBackOff}, with the registry's message). The {@code kubeflow-resource-stopped}
 * annotation stops Jupyter ({@code readyReplicas: 0}, no container state, as with the StatefulSet at
 * zero); so does deleting the Notebook. ADR 0031.
 */
public class JupyterNotebookStandIn extends NotebookStandIn implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JupyterNotebookStandIn.class);
    public static final String STOPPED = "kubeflow-resource-stopped";

    private final NotebookGateway gateway;
    private final Set<String> localImages;
    private final Path workRoot;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jupyter-stand-in-probe").factory());

    private record Running(
            String uid, LocalJupyter jupyter, String token, String startedAt, ScheduledFuture<?> probe) {}

    /**
     * {@code localImages}: image names (without tag or registry host, e.g. {@code jupyter/scipy-notebook}
     * or {@code kubeflownotebookswg/jupyter-scipy}) that run as local Jupyter; any other image fails to pull.
     */
    public JupyterNotebookStandIn(NotebookGateway gateway, Set<String> localImages, Path workRoot, Clock clock) {
        this.gateway = gateway;
        this.localImages = Set.copyOf(localImages);
        this.workRoot = workRoot;
        this.clock = clock;
    }

    @Override
    public void reconcile(KubernetesClient client, GenericKubernetesResource notebook) {
        if (notebook.getMetadata().getDeletionTimestamp() != null) {
            stop(notebook);
            return;
        }
        prepare(client, notebook);
        super.reconcile(client, notebook);
    }

    @Override
    public void deleted(KubernetesClient client, GenericKubernetesResource notebook) {
        stop(notebook);
    }

    /** Starts or stops Jupyter as the notebook asks; a probe reconciles again once a new Jupyter answers. */
    private void prepare(KubernetesClient client, GenericKubernetesResource notebook) {
        String key = key(notebook);
        Container c = container(notebook);
        Running r = running.get(key);
        if (r != null && !r.uid().equals(notebook.getMetadata().getUid())) {
            stop(notebook); // deleted and made again under the same name
            r = null;
        }
        if (stopped(notebook) || !local(c.image()) || c.token() == null || c.prefix() == null) {
            stop(notebook);
            return;
        }
        if (r != null && r.jupyter().alive()) {
            return;
        }
        try {
            String ns = notebook.getMetadata().getNamespace();
            String name = notebook.getMetadata().getName();
            var jupyter = LocalJupyter.start(c.prefix(), workRoot.resolve(ns).resolve(name), c.env());
            gateway.route(ns, name, jupyter.port());
            String started = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            var probe =
                    probes.scheduleWithFixedDelay(() -> probe(client, notebook, key), 300, 300, TimeUnit.MILLISECONDS);
            running.put(key, new Running(notebook.getMetadata().getUid(), jupyter, c.token(), started, probe));
        } catch (IOException e) {
            log.warn("Jupyter for {} did not start: {}", key, e.toString());
        }
    }

    private void probe(KubernetesClient client, GenericKubernetesResource notebook, String key) {
        Running r = running.get(key);
        if (r == null) {
            return;
        }
        if (r.jupyter().alive() && !r.jupyter().answers(r.token())) {
            return;
        }
        r.probe().cancel(false);
        var fresh = client.genericKubernetesResources(StandInControllers.context(kind()))
                .inNamespace(notebook.getMetadata().getNamespace())
                .withName(notebook.getMetadata().getName())
                .get();
        if (fresh != null) {
            try {
                reconcile(client, fresh);
            } catch (RuntimeException e) {
                log.debug("stand-in notebook {}: {}", key, e.toString());
            }
        }
    }

    private void stop(GenericKubernetesResource notebook) {
        Running r = running.remove(key(notebook));
        if (r != null) {
            r.probe().cancel(false);
            gateway.unroute(
                    notebook.getMetadata().getNamespace(),
                    notebook.getMetadata().getName());
            r.jupyter().close();
        }
    }

    @Override
    protected Map<String, Object> status(GenericKubernetesResource notebook, @Nullable Object current) {
        Container c = container(notebook);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var status = new LinkedHashMap<String, Object>();
        if (stopped(notebook)) {
            status.put("readyReplicas", 0);
            status.put("containerState", Map.of());
            status.put("conditions", List.of());
            return status;
        }
        if (!local(c.image())) {
            boolean pulledBefore = waitingReason(current)
                    .map(w -> w.equals("ErrImagePull") || w.equals("ImagePullBackOff"))
                    .orElse(false);
            String reason = pulledBefore ? "ImagePullBackOff" : "ErrImagePull";
            String message = pulledBefore
                    ? "Back-off pulling image \"" + c.image() + "\""
                    : "rpc error: code = NotFound desc = failed to pull and unpack image \"" + c.image()
                            + "\": failed to resolve reference \"" + c.image() + "\": not found";
            return waiting(status, c, reason, message, now, current);
        }
        if (c.token() == null || c.prefix() == null) {
            return waiting(
                    status,
                    c,
                    "CreateContainerConfigError",
                    "the container needs NB_PREFIX and JUPYTER_TOKEN as plain values",
                    now,
                    current);
        }
        Running r = running.get(key(notebook));
        if (r == null || !r.jupyter().answers(r.token())) {
            if (r != null && !r.jupyter().alive()) {
                return waiting(
                        status,
                        c,
                        "CrashLoopBackOff",
                        "back-off restarting failed container " + c.name(),
                        now,
                        current);
            }
            return waiting(status, c, "ContainerCreating", null, now, current);
        }
        status.put("readyReplicas", 1);
        status.put("containerState", Map.of("running", Map.of("startedAt", r.startedAt())));
        status.put(
                "conditions",
                List.of(
                        condition("PodScheduled", "True", r.startedAt(), null, null),
                        condition("Initialized", "True", r.startedAt(), null, null),
                        condition("ContainersReady", "True", r.startedAt(), null, null),
                        condition("Ready", "True", r.startedAt(), null, null)));
        return status;
    }

    private static Map<String, Object> waiting(
            LinkedHashMap<String, Object> status,
            Container c,
            String reason,
            @Nullable String message,
            String now,
            @Nullable Object current) {
        String since = firstSeen(current).orElse(now);
        var waiting = new LinkedHashMap<String, Object>();
        waiting.put("reason", reason);
        if (message != null) {
            waiting.put("message", message);
        }
        status.put("readyReplicas", 0);
        status.put("containerState", Map.of("waiting", waiting));
        String notReady = "containers with unready status: [" + c.name() + "]";
        status.put(
                "conditions",
                List.of(
                        condition("PodScheduled", "True", since, null, null),
                        condition("Initialized", "True", since, null, null),
                        condition("ContainersReady", "False", since, "ContainersNotReady", notReady),
                        condition("Ready", "False", since, "ContainersNotReady", notReady)));
        return status;
    }

    private static Map<String, Object> condition(
            String type, String value, String at, @Nullable String reason, @Nullable String message) {
        var c = new LinkedHashMap<String, Object>();
        c.put("type", type);
        c.put("status", value);
        c.put("lastProbeTime", at);
        c.put("lastTransitionTime", at);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<String> waitingReason(@Nullable Object current) {
        if (current instanceof Map<?, ?> s
                && s.get("containerState") instanceof Map<?, ?> state
                && state.get("waiting") instanceof Map<?, ?> w
                && w.get("reason") instanceof String reason) {
            return java.util.Optional.of(reason);
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> firstSeen(@Nullable Object current) {
        if (current instanceof Map<?, ?> s && s.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> c
                        && "PodScheduled".equals(c.get("type"))
                        && c.get("lastTransitionTime") instanceof String t) {
                    return java.util.Optional.of(t);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private boolean local(@Nullable String image) {
        if (image == null) {
            return false;
        }
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            name = name.substring(first.length() + 1); // a registry host: docker.io/…, kubeflownotebookswg on ghcr.io/…
        }
        return localImages.contains(name) || localImages.contains(image);
    }

    private static boolean stopped(GenericKubernetesResource notebook) {
        var annotations = notebook.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(STOPPED);
    }

    private static String key(GenericKubernetesResource notebook) {
        return notebook.getMetadata().getNamespace() + "/"
                + notebook.getMetadata().getName();
    }

    /** What the stand-in reads of spec.template.spec.containers[0]. */
    record Container(String name, @Nullable String image, Map<String, String> env) {
        @Nullable
        String token() {
            return env.get("JUPYTER_TOKEN");
        }

        @Nullable
        String prefix() {
            return env.get("NB_PREFIX");
        }
    }

    static Container container(GenericKubernetesResource notebook) {
        Object spec = notebook.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s
                && s.get("template") instanceof Map<?, ?> t
                && t.get("spec") instanceof Map<?, ?> ps
                && ps.get("containers") instanceof List<?> containers
                && !containers.isEmpty()
                && containers.get(0) instanceof Map<?, ?> c) {
            var env = new LinkedHashMap<String, String>();
            if (c.get("env") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> e
                            && e.get("name") instanceof String n
                            && e.get("value") instanceof String v) {
                        env.put(n, v);
                    }
                }
            }
            return new Container(
                    Objects.requireNonNullElse(
                            (String) c.get("name"), notebook.getMetadata().getName()),
                    c.get("image") instanceof String i ? i : null,
                    env);
        }
        return new Container(notebook.getMetadata().getName(), null, Map.of());
    }

    @Override
    public void close() {
        probes.shutdownNow();
        for (String key : List.copyOf(running.keySet())) {
            Running r = running.remove(key);
            if (r != null) {
                r.jupyter().close();
            }
        }
    }
}
