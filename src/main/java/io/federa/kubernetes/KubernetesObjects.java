package io.federa.kubernetes;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes the portal's own namespaced custom resources (a Kubeflow {@code Notebook}, later a KServe
 * {@code InferenceService}) on a cluster, for the module that owns them. Every object gets the
 * portal's {@link FederaLabels} (managed-by, this portal's instance), so the mirror sees it; an
 * object without them is never changed or deleted. The caller has checked the person's access
 * first: nothing here looks at who asks.
 */
public interface KubernetesObjects {

    /**
     * Creates the object.
     *
     * @param labels more labels ({@link FederaLabels#TEAM}, {@link FederaLabels#OWNER})
     * @param spec the object's {@code spec}
     * @throws KubernetesRejectedException when the API server refuses it (409: it exists)
     * @throws KubernetesUnavailableException when the cluster does not answer
     */
    void create(
            String cluster,
            KubernetesFeature kind,
            String namespace,
            String name,
            Map<String, String> labels,
            Map<String, String> annotations,
            Map<String, Object> spec);

    /**
     * Sets annotations (a null value removes one) on the portal's object, read-modify-write with a
     * retry on a conflict. Nothing happens when it is gone.
     */
    void annotate(
            String cluster,
            KubernetesFeature kind,
            String namespace,
            String name,
            Map<String, @Nullable String> changes);

    /** The object's annotations as the API server has them now (an API call); empty when it is gone. */
    Optional<Map<String, String>> annotations(String cluster, KubernetesFeature kind, String namespace, String name);

    /** Deletes the portal's object; nothing happens when it is gone or not the portal's. */
    void delete(String cluster, KubernetesFeature kind, String namespace, String name);
}
