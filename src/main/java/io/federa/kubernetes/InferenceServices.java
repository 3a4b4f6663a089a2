package io.federa.kubernetes;

import java.util.Map;
import java.util.Optional;

/**
 * Writing KServe InferenceServices for the models module: the portal owns them (labels {@link
 * FederaLabels}), writes only their {@code spec} and reads their status from the watch mirror. The
 * caller has checked who may; this interface checks nothing about people.
 */
public interface InferenceServices {

    /**
     * Creates the InferenceService, or replaces the spec of the existing one (current resourceVersion,
     * keeping its status and other metadata). One attempt: a refusal is the API server's verdict and is
     * not retried.
     *
     * @return the object's resourceVersion after the write
     * @throws KubernetesRejectedException the API server refused it (422 with the offending fields)
     * @throws KubernetesUnavailableException the cluster could not be reached (or is not registered)
     */
    String apply(String cluster, String namespace, String name, String team, String owner, Map<String, Object> spec);

    /** The InferenceService as the mirror last saw it (never calls the API server). */
    Optional<MirroredResource> mirrored(String cluster, String namespace, String name);
}
