package io.federa.notebooks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A notebook as the portal knows it. Never holds the Jupyter token (stored encrypted, read only by
 * the proxy) or the job's report token (stored as a hash).
 *
 * @param image for Kubernetes the image reference, for Slurm the environment's name
 * @param reason what is happening or went wrong, in plain words ("queued in Slurm: …", "the image
 *     could not be pulled: …"); empty when there is nothing to say
 * @param upstream where the proxy sends requests: set only by the portal, from the cluster's
 *     notebook gateway (Kubernetes) or the job's authenticated report (Slurm); null until known
 * @param namespace the team's Profile namespace (Kubernetes), else null
 * @param slurmJobId the job (Slurm) once the cluster took it, else null
 * @param sharedWithAdmins the owner lets portal admins open it (else they get 403)
 * @param cullWarnedAt when the owner was warned that it will be stopped for being idle; null when not
 */
public record Notebook(
        String id,
        String owner,
        String team,
        NotebookKind kind,
        String cluster,
        String image,
        NotebookResources resources,
        Duration idleCull,
        NotebookState state,
        String reason,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant lastActivityAt,
        @Nullable URI upstream,
        @Nullable String namespace,
        @Nullable Long slurmJobId,
        boolean sharedWithAdmins,
        @Nullable Instant cullWarnedAt) {

    /** Where it runs, in words: "Kubernetes k1" or "Slurm c1 (job 42)". */
    public String where() {
        return kind.label() + " " + cluster + (slurmJobId == null ? "" : " (job " + slurmJobId + ")");
    }

    /** How long nothing happened in it, as far as the portal knows; zero when it is not running. */
    public Duration idleFor(Instant now) {
        if (state != NotebookState.READY) {
            return Duration.ZERO;
        }
        Instant since = lastActivityAt != null ? lastActivityAt : startedAt != null ? startedAt : createdAt;
        return now.isAfter(since) ? Duration.between(since, now) : Duration.ZERO;
    }

    /** Kubeflow's path prefix of the server (NB_PREFIX): {@code /notebook/<namespace>/<id>}. */
    public String kubeflowPrefix() {
        return "/notebook/" + namespace + "/" + id;
    }
}
