package io.federa.kubernetes;

import io.federa.identity.CurrentUser;
import io.federa.shared.NotAllowedException;
import java.util.List;
import java.util.Optional;

/**
 * The mirror of the custom resources the portal owns on every Kubernetes cluster (Profiles,
 * Notebooks, InferenceServices labelled {@link FederaLabels#MANAGED_BY}), fed by watches. Reads never
 * call an API server. Every read is scoped by team.
 */
public interface KubernetesResources {

    /**
     * The team's resources on every cluster, by cluster, kind, namespace and name.
     *
     * @throws NotAllowedException unless {@code user} may act for {@code team}
     */
    List<MirroredResource> ofTeam(CurrentUser user, String team);

    /** The resources of every team {@code user} may act for (all of them for portal admins). */
    List<MirroredResource> visibleTo(CurrentUser user);

    /**
     * One resource as the mirror has it, for the module that owns it (which checks the person's
     * access itself); empty when the mirror has none of that name.
     */
    Optional<MirroredResource> find(String cluster, KubernetesFeature kind, String namespace, String name);
}
