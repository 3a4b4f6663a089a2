package io.federa.kubernetes.web;

import io.federa.identity.CurrentUser;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.MirroredResource;
import io.federa.shared.NotAllowedException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kubernetes as JSON: the clusters with their health (never credentials), and the mirrored custom
 * resources of the caller's teams. Reads the database only.
 */
@RestController
@RequestMapping("/api/kubernetes")
class KubernetesApi {

    private final KubernetesClusters clusters;
    private final KubernetesResources resources;

    KubernetesApi(KubernetesClusters clusters, KubernetesResources resources) {
        this.clusters = clusters;
        this.resources = resources;
    }

    @GetMapping("/clusters")
    List<KubernetesClusterOverview> clusters() {
        return clusters.overview();
    }

    /** One team's resources ({@code team}), or those of every team of the caller. Another team: 403. */
    @GetMapping("/resources")
    List<MirroredResource> resources(CurrentUser user, @RequestParam(required = false) @Nullable String team) {
        return team == null ? resources.visibleTo(user) : resources.ofTeam(user, team);
    }

    @ExceptionHandler(NotAllowedException.class)
    ProblemDetail notAllowed(NotAllowedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.userMessage());
    }
}
