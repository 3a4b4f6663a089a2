package io.federa.clusters.internal.slurm;

import io.federa.clusters.ClusterPing;
import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.JobsSnapshot;
import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmClient;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SlurmClient} over slurmrestd. Picks the adapter on first use and keeps it until the cluster
 * is unavailable once: the next call discovers again (the cluster may have been upgraded meanwhile).
 */
final class RestSlurmClient implements SlurmClient {

    private static final Logger log = LoggerFactory.getLogger(RestSlurmClient.class);

    private final SlurmHttp http;
    private final ApiVersions versions;
    private final @Nullable String pinned;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration changedSinceMargin;
    private volatile @Nullable SlurmApiAdapter adapter;
    private final SlurmAccounting accounting;

    RestSlurmClient(
            SlurmHttp http,
            ApiVersions versions,
            @Nullable String pinned,
            JsonMapper json,
            Clock clock,
            Duration changedSinceMargin) {
        this.http = http;
        this.versions = versions;
        this.pinned = pinned;
        this.json = json;
        this.clock = clock;
        this.changedSinceMargin = changedSinceMargin;
        this.accounting = new RestSlurmAccounting(this, http);
    }

    @Override
    public String cluster() {
        return http.cluster();
    }

    @Override
    public ClusterPing ping() {
        return withAdapter(a -> {
            long started = System.nanoTime();
            var answer = http.execute(http.adminUser(), a.ping());
            var latency = Duration.ofNanos(System.nanoTime() - started);
            return new ClusterPing(answer.controllerResponding(), answer.slurmRelease(), a.version(), latency);
        });
    }

    @Override
    public List<SlurmPartition> partitions() {
        return withAdapter(a -> http.execute(http.adminUser(), a.partitions()));
    }

    @Override
    public List<SlurmNode> nodes() {
        return withAdapter(a -> http.execute(http.adminUser(), a.nodes()));
    }

    /**
     * {@code asOf} is this request's start minus a margin, because v0.0.38 answers carry no time of
     * their own: {@code update_time} has whole seconds and the controller's clock may be a little
     * apart from ours. A change seen twice costs nothing (the mirror's upsert is idempotent); a change
     * missed would stay missed.
     */
    @Override
    public JobsSnapshot jobs(@Nullable Instant changedSince) {
        return withAdapter(a -> {
            Instant started = clock.instant();
            List<SlurmJob> jobs = http.execute(http.adminUser(), a.jobs(changedSince));
            return new JobsSnapshot(jobs, started.minus(changedSinceMargin));
        });
    }

    @Override
    public Optional<SlurmJob> job(long jobId) {
        return withAdapter(a -> lookUp(a, a.job(jobId)));
    }

    @Override
    public Optional<SlurmJob> accountingJob(long jobId) {
        return withAdapter(a -> lookUp(a, a.accountingJob(jobId)));
    }

    @Override
    public SubmitResult submit(String slurmUser, JobSubmission submission) {
        return withAdapter(a -> http.execute(slurmUser, a.submit(submission)));
    }

    @Override
    public void cancel(String slurmUser, long jobId) {
        withAdapter(a -> http.execute(slurmUser, a.cancel(jobId)));
    }

    @Override
    public SlurmAccounting accounting() {
        return accounting;
    }

    private Optional<SlurmJob> lookUp(SlurmApiAdapter a, SlurmCall<Optional<SlurmJob>> call) {
        try {
            return http.execute(http.adminUser(), call);
        } catch (SlurmException e) {
            if (a.meansNoSuchJob(e.errors())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    <T> T withAdapter(Function<SlurmApiAdapter, T> work) {
        try {
            return work.apply(adapter());
        } catch (ClusterUnavailableException e) {
            adapter = null;
            throw e;
        }
    }

    private SlurmApiAdapter adapter() {
        SlurmApiAdapter current = adapter;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (adapter == null) {
                adapter = discover();
            }
            return adapter;
        }
    }

    private SlurmApiAdapter discover() {
        List<String> offered = offeredVersions();
        ApiVersions.Choice choice = versions.choose(offered, pinned);
        SlurmApiAdapter chosen = choice.adapter();
        if (chosen == null) {
            throw new ClusterUnavailableException(cluster(), choice.refusal());
        }
        log.info("cluster {}: speaking REST API {} (offered: {})", cluster(), chosen.version(), offered);
        return chosen;
    }

    private List<String> offeredVersions() {
        var openApi = SlurmCall.get("/openapi/v3", "/openapi/v3", body -> ApiVersions.fromOpenApi(json, body))
                .withAnswer(404, List.of());
        List<String> offered = http.execute(http.adminUser(), openApi);
        if (!offered.isEmpty()) {
            return offered;
        }
        var probed = new ArrayList<String>();
        for (String version : versions.spoken()) {
            String path = "/slurm/" + version + "/ping";
            var probe = SlurmCall.get("/slurm/{v}/ping", path, body -> true).withAnswer(404, false);
            try {
                if (http.execute(http.adminUser(), probe)) {
                    probed.add(version);
                    break;
                }
            } catch (SlurmException e) {
                probed.add(version); // it answered in that version's terms
                break;
            }
        }
        return probed;
    }
}
