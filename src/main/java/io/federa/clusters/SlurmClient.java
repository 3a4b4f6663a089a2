package io.federa.clusters;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One cluster's slurmrestd, in domain terms. Implementations pick the adapter for the API version
 * the cluster offers, add authentication, time out every call, retry only idempotent calls, and
 * fail fast through the cluster's own circuit breaker.
 *
 * <p>Reads act as the cluster's Slurm admin user; {@link #submit} and {@link #cancel} act as the
 * Slurm user given, for whom the portal mints a short-lived token.
 *
 * @throws SlurmException when Slurm refuses (every method)
 * @throws ClusterUnavailableException when it cannot be reached (every method)
 */
public interface SlurmClient {

    String cluster();

    ClusterPing ping();

    List<SlurmPartition> partitions();

    List<SlurmNode> nodes();

    /** Jobs the controller changed since {@code changedSince} (all jobs when null). */
    JobsSnapshot jobs(@Nullable Instant changedSince);

    /** One job from the controller, empty when it no longer knows the job. */
    Optional<SlurmJob> job(long jobId);

    /** One job from accounting (for jobs that aged out of the controller), empty if unknown. */
    Optional<SlurmJob> accountingJob(long jobId);

    SubmitResult submit(String slurmUser, JobSubmission submission);

    void cancel(String slurmUser, long jobId);

    /** The cluster's accounting (accounts, users, associations, QOS), acting as its admin user. */
    SlurmAccounting accounting();
}
