package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.KubernetesFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * STAND-IN for Kubeflow's profile-controller: it would create the Profile's namespace, RBAC and
 * ResourceQuota (none of which exist on a CRD-only API server), and it keeps a finalizer {@code
 * profile-finalizer} on every Profile until its clean-up ran. Like upstream it writes no status on
 * success; it removes the finalizer once the Profile is being deleted, so deletes complete.
 */
public class ProfileStandIn implements StandInControllers.StandIn {

    public static final String FINALIZER = "profile-finalizer";

    @Override
    public KubernetesFeature kind() {
        return KubernetesFeature.PROFILES;
    }

    @Override
    public void reconcile(KubernetesClient client, GenericKubernetesResource profile) {
        var meta = profile.getMetadata();
        List<String> finalizers =
                meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        boolean deleting = meta.getDeletionTimestamp() != null;
        boolean has = finalizers.contains(FINALIZER);
        if (deleting == has) { // being deleted with our finalizer, or alive without it
            if (deleting) {
                finalizers.remove(FINALIZER); // the namespace and its contents would be gone now
            } else {
                finalizers.add(FINALIZER);
            }
            meta.setFinalizers(finalizers);
            client.genericKubernetesResources(StandInControllers.context(kind()))
                    .resource(profile)
                    .update();
        }
    }
}
