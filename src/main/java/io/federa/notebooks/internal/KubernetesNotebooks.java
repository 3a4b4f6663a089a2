package io.federa.notebooks.internal;

import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesObjects;
import io.federa.kubernetes.KubernetesRejectedException;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.KubernetesUnavailableException;
import io.federa.kubernetes.MirroredResource;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookState;
import io.federa.shared.UserFacingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notebooks on Kubernetes: a Kubeflow {@code Notebook} in the team's Profile namespace, named by the
 * notebook's id, with the owner and team labels, the resources, {@code NB_PREFIX} and the token in its
 * environment, and Kubeflow's culling annotations. Its state comes from the watch mirror (the status
 * Kubeflow's notebook-controller copies from the pod); stop is Kubeflow's {@code
 * kubeflow-resource-stopped} annotation, which keeps the workspace volume.
 *
 * <p>A cluster that gives no answer (unreachable, overloaded, its circuit breaker open) does not fail a
 * start: the notebook stays REQUESTED with the reason, and the follower asks again every {@code
 * launch-retry-after} until the cluster answers or {@code launch-patience} has passed. The same
 * follower starts what a portal that stopped between storing a notebook and asking its cluster left
 * REQUESTED. Asking twice is harmless: the Notebook is named by the notebook's id, and "already
 * exists" means an earlier attempt got through.
 */
@Component
class KubernetesNotebooks implements NotebookServer {

    /** Kubeflow's notebook-controller scales a Notebook with this annotation to 0 (its culler sets it). */
    static final String STOPPED = "kubeflow-resource-stopped";

    /** Kubeflow's culler's record of the last activity (RFC 3339). */
    static final String LAST_ACTIVITY = "notebooks.kubeflow.org/last-activity";

    /** Waiting reasons of the container that will not go away by waiting: the spawn failed. */
    static final Set<String> FAILED_WAITING = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "ErrImageNeverPull",
            "CreateContainerConfigError",
            "CreateContainerError",
            "CrashLoopBackOff");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Logger log = LoggerFactory.getLogger(KubernetesNotebooks.class);

    private final KubernetesObjects objects;
    private final KubernetesResources mirror;
    private final JdbcNotebookStore store;
    private final NotebookLifecycle lifecycle;
    private final NotebooksProperties props;

    KubernetesNotebooks(
            KubernetesObjects objects,
            KubernetesResources mirror,
            JdbcNotebookStore store,
            NotebookLifecycle lifecycle,
            NotebooksProperties props) {
        this.objects = objects;
        this.mirror = mirror;
        this.store = store;
        this.lifecycle = lifecycle;
        this.props = props;
    }

    @Override
    public NotebookKind serves() {
        return NotebookKind.KUBERNETES;
    }

    @Override
    public void launch(Notebook n, String jupyterToken, @Nullable String reportToken) {
        try {
            createOrWake(n, jupyterToken);
        } catch (KubernetesUnavailableException e) {
            store.reason(n.id(), NotebookState.REQUESTED, waiting(n.cluster()) + e.userMessage());
            return;
        } catch (KubernetesRejectedException e) {
            if (e.status() != 409) { // 409: an earlier attempt created it
                fail(n, e);
                return;
            }
        } catch (UserFacingException e) {
            fail(n, e);
            return;
        }
        if (lifecycle.move(
                n,
                EnumSet.of(NotebookState.REQUESTED),
                NotebookState.STARTING,
                "Waiting for " + n.cluster() + " to start the notebook server.",
                null)) {
            return;
        }
        // stopped or deleted while this attempt was under way: so is the Notebook it just created
        NotebookState now = store.find(n.id()).map(Notebook::state).orElse(NotebookState.DELETED);
        try {
            if (now == NotebookState.DELETED) {
                remove(n);
            } else if (now == NotebookState.STOPPED) {
                stopOnCluster(n);
            }
        } catch (UserFacingException e) {
            log.warn("notebook {} left on {} after it was {}: {}", n.id(), n.cluster(), now, e.userMessage());
        }
    }

    /** Creates the Notebook, or takes the stop annotation off the one a stop left (start again). */
    private void createOrWake(Notebook n, String jupyterToken) {
        String now = rfc3339(lifecycle.now());
        if (onCluster(n).isPresent()) {
            Map<String, @Nullable String> changes = new LinkedHashMap<>();
            changes.put(STOPPED, null);
            changes.put(LAST_ACTIVITY, now);
            objects.annotate(n.cluster(), KubernetesFeature.NOTEBOOKS, namespace(n), n.id(), changes);
        } else {
            objects.create(
                    n.cluster(),
                    KubernetesFeature.NOTEBOOKS,
                    namespace(n),
                    n.id(),
                    Map.of(FederaLabels.TEAM, n.team(), FederaLabels.OWNER, n.owner()),
                    Map.of(LAST_ACTIVITY, now),
                    spec(n, jupyterToken));
        }
    }

    private void fail(Notebook n, UserFacingException e) {
        lifecycle.move(
                n,
                EnumSet.of(NotebookState.REQUESTED),
                NotebookState.FAILED,
                "The cluster did not take the notebook: " + e.userMessage(),
                "failed");
    }

    /**
     * Asks again for the notebooks whose cluster gave no answer (or that a stopped portal never asked
     * for), and fails those that waited longer than {@code launch-patience}.
     */
    private void launchWaiting() {
        Instant now = lifecycle.now();
        for (JdbcNotebookStore.Waiting w : store.waitingSince(
                NotebookKind.KUBERNETES, NotebookState.REQUESTED, now.minus(props.launchRetryAfter()))) {
            Notebook n = w.notebook();
            if (w.since().plus(props.launchPatience()).isBefore(now)) {
                String prefix = waiting(n.cluster());
                String last = n.reason().startsWith(prefix) ? n.reason().substring(prefix.length()) : "";
                lifecycle.move(
                        n,
                        EnumSet.of(NotebookState.REQUESTED),
                        NotebookState.FAILED,
                        n.cluster() + " gave no answer within " + inWords(props.launchPatience())
                                + "; start the notebook again later."
                                + (last.isEmpty() ? "" : " The last try: " + last),
                        "failed");
            } else {
                launch(n, store.jupyterToken(n.id()), null);
            }
        }
    }

    /** The reason of a notebook whose cluster gave no answer yet; the answer's own words follow. */
    private static String waiting(String cluster) {
        return "No answer from " + cluster + " yet; the portal asks again. ";
    }

    private static String inWords(java.time.Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " seconds" : d.toMinutes() + " minutes";
    }

    /** The Notebook's spec: one container, as Kubeflow's spawner writes it. */
    static Map<String, Object> spec(Notebook n, String jupyterToken) {
        Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("cpu", Integer.toString(n.resources().cpus()));
        amounts.put("memory", n.resources().memoryMib() + "Mi");
        Map<String, Object> limits = new LinkedHashMap<>(amounts);
        if (n.resources().gpus() > 0) {
            limits.put("nvidia.com/gpu", Integer.toString(n.resources().gpus()));
        }
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", n.id());
        container.put("image", n.image());
        container.put("resources", Map.of("requests", amounts, "limits", limits));
        container.put(
                "env",
                List.of(
                        Map.of("name", "NB_PREFIX", "value", n.kubeflowPrefix()),
                        Map.of("name", "JUPYTER_TOKEN", "value", jupyterToken)));
        return Map.of("template", Map.of("spec", Map.of("containers", List.of(container))));
    }

    @Override
    public void stop(Notebook n) {
        if (onCluster(n).isEmpty()) {
            // never created (stopped while its cluster gave no answer), or deleted outside the portal
            lifecycle.move(
                    n,
                    EnumSet.of(NotebookState.STOPPING),
                    NotebookState.STOPPED,
                    "Stopped; " + n.cluster() + " has no server of it.",
                    null);
            return;
        }
        stopOnCluster(n);
    }

    /**
     * The mirror has no row: the cluster confirms the Notebook is gone (a relist that raced its
     * creation, or a watch that has not caught up, is no reason to fail it). No answer: not gone.
     */
    private boolean goneFromCluster(Notebook n) {
        try {
            return onCluster(n).isEmpty();
        } catch (UserFacingException e) {
            return false;
        }
    }

    /** The Notebook's annotations as the cluster has them now (an API call); empty when it has none. */
    private Optional<Map<String, String>> onCluster(Notebook n) {
        return objects.annotations(n.cluster(), KubernetesFeature.NOTEBOOKS, namespace(n), n.id());
    }

    private void stopOnCluster(Notebook n) {
        Map<String, @Nullable String> changes = new LinkedHashMap<>();
        changes.put(STOPPED, rfc3339(lifecycle.now()));
        objects.annotate(n.cluster(), KubernetesFeature.NOTEBOOKS, namespace(n), n.id(), changes);
    }

    @Override
    public void remove(Notebook n) {
        objects.delete(n.cluster(), KubernetesFeature.NOTEBOOKS, namespace(n), n.id());
    }

    @Override
    public void follow() {
        launchWaiting();
        for (Notebook n : store.inStates(
                NotebookKind.KUBERNETES,
                EnumSet.of(NotebookState.STARTING, NotebookState.READY, NotebookState.STOPPING))) {
            Optional<MirroredResource> seen =
                    mirror.find(n.cluster(), KubernetesFeature.NOTEBOOKS, namespace(n), n.id());
            if (seen.isEmpty()) {
                if (n.state() == NotebookState.READY && goneFromCluster(n)) {
                    lifecycle.move(
                            n,
                            EnumSet.of(NotebookState.READY),
                            NotebookState.FAILED,
                            "The Notebook is gone from " + n.cluster() + " (deleted outside the portal?).",
                            "failed");
                } else if (n.state() == NotebookState.STOPPING) {
                    try { // the mirror has nothing to confirm the stop with: ask the cluster
                        stop(n);
                    } catch (UserFacingException e) {
                        store.reason(n.id(), NotebookState.STOPPING, "Stopping: " + e.userMessage());
                    }
                }
                continue;
            }
            follow(n, Observed.of(seen.get().statusJson()));
        }
    }

    private void follow(Notebook n, Observed o) {
        switch (n.state()) {
            case STOPPING -> {
                if (!o.running()) {
                    lifecycle.move(
                            n,
                            EnumSet.of(NotebookState.STOPPING),
                            NotebookState.STOPPED,
                            n.reason() + " Its workspace volume stays.",
                            null);
                }
            }
            case STARTING, READY -> {
                if (o.failed() != null) {
                    if (lifecycle.move(
                            n,
                            EnumSet.of(NotebookState.STARTING, NotebookState.READY),
                            NotebookState.FAILED,
                            o.failed(),
                            "failed")) {
                        try { // no endless image pulls: Kubeflow's stop, the workspace stays
                            stop(n);
                        } catch (UserFacingException e) {
                            // the next start replaces it; the reason is recorded already
                        }
                    }
                } else if (o.ready()) {
                    lifecycle.move(n, EnumSet.of(NotebookState.STARTING), NotebookState.READY, "Jupyter is up.", null);
                } else if (n.state() == NotebookState.READY) {
                    lifecycle.move(n, EnumSet.of(NotebookState.READY), NotebookState.STARTING, o.progress(), null);
                } else {
                    store.reason(n.id(), NotebookState.STARTING, o.progress());
                }
            }
            default -> {}
        }
    }

    private static String namespace(Notebook n) {
        return java.util.Objects.requireNonNull(n.namespace(), "a Kubernetes notebook has a namespace");
    }

    private static String rfc3339(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * What Kubeflow's notebook-controller wrote into the Notebook's status: {@code readyReplicas},
     * {@code containerState} (running / waiting with reason and message / terminated), and the pod's
     * {@code conditions}.
     *
     * @param failed why the spawn failed, in words; null when it did not
     * @param progress what is happening while it starts, in words
     */
    record Observed(
            boolean ready, boolean running, @Nullable String failed, String progress) {

        static Observed of(String statusJson) {
            JsonNode status = JSON.readTree(statusJson);
            int readyReplicas = status.path("readyReplicas").asInt(0);
            JsonNode state = status.path("containerState");
            boolean running = state.has("running");
            JsonNode waiting = state.path("waiting");
            String waitingReason = waiting.path("reason").asString("");
            String waitingMessage = waiting.path("message").asString("");
            if (FAILED_WAITING.contains(waitingReason)) {
                String what = waitingReason.contains("Image")
                        ? "The image could not be pulled"
                        : "The container could not start";
                return new Observed(
                        false,
                        false,
                        what + " (" + waitingReason + ")" + (waitingMessage.isEmpty() ? "." : ": " + waitingMessage),
                        "");
            }
            JsonNode terminated = state.path("terminated");
            if (!terminated.isMissingNode() && !terminated.isEmpty()) {
                String reason = terminated.path("reason").asString("");
                return new Observed(
                        false,
                        false,
                        "The notebook server ended" + (reason.isEmpty() ? "" : " (" + reason + ")") + ": "
                                + terminated.path("message").asString("no message") + ".",
                        "");
            }
            String progress = "Waiting for the notebook controller to start the server.";
            for (JsonNode c : status.path("conditions")) {
                if ("False".equals(c.path("status").asString(""))) {
                    String message = c.path("message").asString("");
                    progress = switch (c.path("type").asString("")) {
                        case "PodScheduled" ->
                            "Waiting for room on the cluster" + (message.isEmpty() ? "." : ": " + message);
                        default ->
                            "Starting (" + c.path("type").asString("") + ": "
                                    + c.path("reason").asString("") + ")" + (message.isEmpty() ? "." : ": " + message);
                    };
                    break;
                }
            }
            if (!waitingReason.isEmpty()) {
                progress = switch (waitingReason) {
                    case "ContainerCreating" -> "Pulling the image and creating the container.";
                    case "PodInitializing" -> "Initializing the pod.";
                    default ->
                        "Starting (" + waitingReason + ")" + (waitingMessage.isEmpty() ? "." : ": " + waitingMessage);
                };
            }
            return new Observed(readyReplicas > 0 && running, running || readyReplicas > 0, null, progress);
        }
    }
}
