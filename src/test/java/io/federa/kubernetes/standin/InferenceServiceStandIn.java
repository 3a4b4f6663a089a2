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
 * STAND-IN for KServe's controller: it would deploy the predictor (Knative or raw Deployment) and
 * report the InferenceService's URL, address and conditions. Here the predictor is taken as ready at
 * once, with the URLs KServe would give it ({@code http://<name>.<namespace>.example.com}). The
 * serving work overrides {@link #status} to run a small model server locally and report its URL.
 */
public class InferenceServiceStandIn implements StandInControllers.StandIn {

    @Override
    public KubernetesFeature kind() {
        return KubernetesFeature.INFERENCE_SERVICES;
    }

    @Override
    public void reconcile(KubernetesClient client, GenericKubernetesResource isvc) {
        if (isvc.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Object current = isvc.getAdditionalProperties().get("status");
        Map<String, Object> wanted = status(isvc, current);
        if (Objects.equals(current, wanted)) {
            return;
        }
        isvc.setAdditionalProperty("status", wanted);
        client.genericKubernetesResources(StandInControllers.context(kind()))
                .resource(isvc)
                .updateStatus();
    }

    /** The status KServe would write once the predictor is ready; keeps earlier transition times. */
    protected Map<String, Object> status(GenericKubernetesResource isvc, Object current) {
        String name = isvc.getMetadata().getName();
        String ns = isvc.getMetadata().getNamespace();
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (current instanceof Map<?, ?> old
                && old.get("conditions") instanceof List<?> conditions
                && !conditions.isEmpty()
                && conditions.getFirst() instanceof Map<?, ?> first
                && first.get("lastTransitionTime") instanceof String t) {
            at = t;
        }
        String url = "http://" + name + "." + ns + ".example.com";
        String internal = "http://" + name + "-predictor." + ns + ".svc.cluster.local";
        var status = new LinkedHashMap<String, Object>();
        status.put("url", url);
        status.put("address", Map.of("url", internal));
        status.put("observedGeneration", isvc.getMetadata().getGeneration());
        status.put(
                "components",
                Map.of(
                        "predictor",
                        Map.of(
                                "url",
                                url,
                                "address",
                                Map.of("url", internal),
                                "latestReadyRevision",
                                name + "-predictor-00001")));
        status.put(
                "conditions",
                List.of(condition("IngressReady", at), condition("PredictorReady", at), condition("Ready", at)));
        status.put(
                "modelStatus",
                Map.of(
                        "transitionStatus",
                        "UpToDate",
                        "states",
                        Map.of("activeModelState", "Loaded", "targetModelState", "Loaded"),
                        "copies",
                        Map.of("failedCopies", 0, "totalCopies", 1)));
        return status;
    }

    private static Map<String, Object> condition(String type, String at) {
        return Map.of("type", type, "status", "True", "lastTransitionTime", at);
    }
}
