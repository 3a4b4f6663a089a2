package io.federa.clusters.internal.slurm;

import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmError;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One slurmrestd REST API version: builds its requests and maps its JSON to the domain types. Add a
 * version by adding a package with a Spring bean implementing this; the factory picks it up and
 * version discovery offers it to clusters that speak it. Callers never see a version.
 */
public interface SlurmApiAdapter {

    /** e.g. "v0.0.38". */
    String version();

    SlurmCall<PingAnswer> ping();

    SlurmCall<List<SlurmPartition>> partitions();

    SlurmCall<List<SlurmNode>> nodes();

    /** Must answer 304 Not Modified with an empty list. */
    SlurmCall<List<SlurmJob>> jobs(@Nullable Instant changedSince);

    SlurmCall<Optional<SlurmJob>> job(long jobId);

    SlurmCall<Optional<SlurmJob>> accountingJob(long jobId);

    SlurmCall<SubmitResult> submit(JobSubmission submission);

    SlurmCall<Boolean> cancel(long jobId);

    /** Whether these errors of {@link #job} or {@link #accountingJob} only mean "no such job". */
    boolean meansNoSuchJob(List<SlurmError> errors);

    /** The accounting (slurmdb) requests of this version. */
    SlurmdbAdapter accounting();

    /** What a ping answer says; the client adds the API version and the latency. */
    record PingAnswer(boolean controllerResponding, String slurmRelease) {}
}
