package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.KubernetesFeature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * STAND-IN for Kubeflow's notebook-controller: it would run the notebook as a StatefulSet of one pod
 * and copy the pod's state into the Notebook's status. Here the "pod" is taken as started at once:
 * {@code readyReplicas: 1}, {@code containerState.running}, and the pod conditions the controller
 * copies (PodScheduled, Initialized, ContainersReady, Ready). The notebook work overrides {@link
 * #status} to run Jupyter locally and report its real state.
 */
public class NotebookStandIn implements StandInControllers.StandIn {

    @Override
    public KubernetesFeature kind() {
        return KubernetesFeature.NOTEBOOKS;
    }

    @Override
    public void reconcile(KubernetesClient client, GenericKubernetesResource notebook) {
        if (notebook.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Object current = notebook.getAdditionalProperties().get("status");
        Map<String, Object> wanted = status(notebook, current);
        if (Objects.equals(current, wanted)) {
            return;
        }
        notebook.setAdditionalProperty("status", wanted);
        client.genericKubernetesResources(StandInControllers.context(kind()))
                .resource(notebook)
                .updateStatus();
    }

    /** Kubeflow's stop annotation: the controller scales the StatefulSet to 0 (the culler sets it too). */
    public static final String STOPPED_ANNOTATION = "kubeflow-resource-stopped";

    /**
     * Images from this registry cannot be pulled: the name can never resolve (RFC 2606's {@code
     * .invalid}), so a real kubelet fails exactly so.
     */
    public static final String UNREACHABLE_REGISTRY = "registry.invalid/";

    static final Map<String, Object> STOPPED_STATUS =
            Map.of("readyReplicas", 0, "containerState", Map.of(), "conditions", List.of());

    static boolean stopAnnotated(GenericKubernetesResource notebook) {
        var annotations = notebook.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(STOPPED_ANNOTATION);
    }

    /** The image the kubelet could not pull, or null. */
    @SuppressWarnings("unchecked")
    static @org.jspecify.annotations.Nullable String unpullable(GenericKubernetesResource notebook) {
        if (notebook.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("template") instanceof Map<?, ?> template
                && template.get("spec") instanceof Map<?, ?> pod
                && pod.get("containers") instanceof List<?> containers
                && !containers.isEmpty()
                && containers.getFirst() instanceof Map<?, ?> container
                && container.get("image") instanceof String image
                && image.startsWith(UNREACHABLE_REGISTRY)) {
            return image;
        }
        return null;
    }

    /** What the notebook-controller copies from a pod whose image cannot be pulled. */
    static Map<String, Object> imagePullFailed(String image) {
        String message = "Back-off pulling image \"" + image + "\": ErrImagePull: failed to resolve reference \""
                + image + "\": dial tcp: lookup registry.invalid: no such host";
        var status = new LinkedHashMap<String, Object>();
        status.put("readyReplicas", 0);
        status.put("containerState", Map.of("waiting", Map.of("reason", "ImagePullBackOff", "message", message)));
        status.put(
                "conditions",
                List.of(
                        Map.of("type", "PodScheduled", "status", "True"),
                        Map.of(
                                "type", "ContainersReady",
                                "status", "False",
                                "reason", "ContainersNotReady",
                                "message", "containers with unready status: [notebook]"),
                        Map.of(
                                "type", "Ready",
                                "status", "False",
                                "reason", "ContainersNotReady",
                                "message", "containers with unready status: [notebook]")));
        return status;
    }

    /** The status the controller would write; keeps the start time of an earlier status. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> status(GenericKubernetesResource notebook, Object current) {
        if (stopAnnotated(notebook)) {
            return STOPPED_STATUS;
        }
        String unpullable = unpullable(notebook);
        if (unpullable != null) {
            return imagePullFailed(unpullable);
        }
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (current instanceof Map<?, ?> old
                && old.get("containerState") instanceof Map<?, ?> state
                && state.get("running") instanceof Map<?, ?> running
                && running.get("startedAt") instanceof String s) {
            started = s;
        }
        var status = new LinkedHashMap<String, Object>();
        status.put("readyReplicas", 1);
        status.put("containerState", Map.of("running", Map.of("startedAt", started)));
        status.put(
                "conditions",
                List.of(
                        condition("PodScheduled", started),
                        condition("Initialized", started),
                        condition("ContainersReady", started),
                        condition("Ready", started)));
        return (Map<String, Object>) (Map<?, ?>) status;
    }

    private static Map<String, Object> condition(String type, String at) {
        return Map.of("type", type, "status", "True", "lastProbeTime", at, "lastTransitionTime", at);
    }
}
