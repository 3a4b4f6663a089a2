package io.federa.kubernetes;

/**
 * The custom resources the portal uses, each a feature a cluster offers when discovery lists it.
 *
 * @param group the API group
 * @param version the version the portal reads and writes
 * @param plural the resource name in URLs
 * @param kind the kind
 * @param namespaced false for cluster-scoped kinds (a Profile)
 */
public enum KubernetesFeature {
    PROFILES("kubeflow.org", "v1", "profiles", "Profile", false, "Kubeflow profiles"),
    NOTEBOOKS("kubeflow.org", "v1", "notebooks", "Notebook", true, "Kubeflow notebooks"),
    INFERENCE_SERVICES(
            "serving.kserve.io", "v1beta1", "inferenceservices", "InferenceService", true, "KServe model serving");

    private final String group;
    private final String version;
    private final String plural;
    private final String kind;
    private final boolean namespaced;
    private final String label;

    KubernetesFeature(String group, String version, String plural, String kind, boolean namespaced, String label) {
        this.group = group;
        this.version = version;
        this.plural = plural;
        this.kind = kind;
        this.namespaced = namespaced;
        this.label = label;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public String plural() {
        return plural;
    }

    public String kind() {
        return kind;
    }

    public boolean namespaced() {
        return namespaced;
    }

    /** In words, for pages. */
    public String label() {
        return label;
    }
}
