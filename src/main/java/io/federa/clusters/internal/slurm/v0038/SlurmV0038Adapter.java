package io.federa.clusters.internal.slurm.v0038;

import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmError;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import io.federa.clusters.internal.slurm.SlurmApiAdapter;
import io.federa.clusters.internal.slurm.SlurmCall;
import io.federa.clusters.internal.slurm.SlurmFormats;
import io.federa.clusters.internal.slurm.SlurmdbAdapter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** slurmrestd REST API v0.0.38, as Slurm 22.05 speaks it. */
@Component
public class SlurmV0038Adapter implements SlurmApiAdapter {

    public static final String VERSION = "v0.0.38";

    /** Slurm requires an environment for a batch job; this is the least a script needs. */
    static final Map<String, String> BASE_ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin");

    private static final int INVALID_JOB_ID = 2017;
    private static final int NOTHING_FOUND = 9003;

    /**
     * 22.05 writes a flag instead of the base state while one is set (job_state_string): the job is
     * mapped to the state it is in meanwhile, never to a final one, so that the poller keeps looking.
     */
    private static final Map<String, JobState> FLAG_STATES = Map.ofEntries(
            Map.entry("COMPLETING", JobState.RUNNING),
            Map.entry("CONFIGURING", JobState.RUNNING),
            Map.entry("POWER_UP_NODE", JobState.RUNNING),
            Map.entry("RESIZING", JobState.RUNNING),
            Map.entry("SIGNALING", JobState.RUNNING),
            Map.entry("STAGE_OUT", JobState.RUNNING),
            Map.entry("UPDATE_DB", JobState.RUNNING),
            Map.entry("STOPPED", JobState.SUSPENDED),
            Map.entry("REQUEUED", JobState.PENDING),
            Map.entry("REQUEUE_FED", JobState.PENDING),
            Map.entry("REQUEUE_HOLD", JobState.PENDING),
            Map.entry("RESV_DEL_HOLD", JobState.PENDING),
            Map.entry("SPECIAL_EXIT", JobState.PENDING));

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final SlurmdbAdapter accounting = new SlurmdbV0038();

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public SlurmCall<PingAnswer> ping() {
        return SlurmCall.get("/slurm/{v}/ping", "/slurm/v0.0.38/ping", body -> {
            var response = json.readValue(body, Dto.PingResponse.class);
            boolean up = list(response.pings()).stream().anyMatch(p -> "UP".equalsIgnoreCase(p.ping()));
            String release = response.meta() != null && response.meta().slurm() != null
                    ? text(response.meta().slurm().release())
                    : "";
            return new PingAnswer(up, release);
        });
    }

    @Override
    public SlurmCall<List<SlurmPartition>> partitions() {
        return SlurmCall.get(
                "/slurm/{v}/partitions",
                "/slurm/v0.0.38/partitions",
                body -> list(json.readValue(body, Dto.PartitionsResponse.class).partitions()).stream()
                        .map(SlurmV0038Adapter::partition)
                        .toList());
    }

    @Override
    public SlurmCall<List<SlurmNode>> nodes() {
        return SlurmCall.get(
                "/slurm/{v}/nodes",
                "/slurm/v0.0.38/nodes",
                body -> list(json.readValue(body, Dto.NodesResponse.class).nodes()).stream()
                        .map(SlurmV0038Adapter::node)
                        .toList());
    }

    @Override
    public SlurmCall<List<SlurmJob>> jobs(@Nullable Instant changedSince) {
        SlurmCall<List<SlurmJob>> call = SlurmCall.get("/slurm/{v}/jobs", "/slurm/v0.0.38/jobs", this::jobs)
                .withAnswer(304, List.of()); // nothing changed since update_time
        return changedSince == null
                ? call
                : call.withQuery(Map.of("update_time", Long.toString(changedSince.getEpochSecond())));
    }

    @Override
    public SlurmCall<Optional<SlurmJob>> job(long jobId) {
        return SlurmCall.get(
                "/slurm/{v}/job/{job_id}",
                "/slurm/v0.0.38/job/" + jobId,
                body -> jobs(body).stream().filter(j -> j.jobId() == jobId).findFirst());
    }

    @Override
    public SlurmCall<Optional<SlurmJob>> accountingJob(long jobId) {
        return SlurmCall.get(
                "/slurmdb/{v}/job/{job_id}",
                "/slurmdb/v0.0.38/job/" + jobId,
                body -> list(json.readValue(body, Dto.DbJobsResponse.class).jobs()).stream()
                        .filter(j -> j.jobId() == jobId)
                        .reduce((first, second) -> second) // a requeued job has a record per run: the last counts
                        .map(SlurmV0038Adapter::accountingJob));
    }

    @Override
    public SlurmCall<SubmitResult> submit(JobSubmission s) {
        var environment = new TreeMap<>(BASE_ENVIRONMENT);
        environment.putAll(s.environment());
        var request = new Dto.SubmitRequest(
                s.script(),
                new Dto.SubmitJob(
                        s.name(),
                        s.account(),
                        s.partition(),
                        s.tasks(),
                        s.cpusPerTask(),
                        s.timeLimitMinutes(),
                        s.workingDirectory(),
                        s.standardOutput(),
                        s.comment(),
                        environment,
                        s.nodes() != null ? List.of(s.nodes(), s.nodes()) : null,
                        s.gres(),
                        s.exclusive() ? "true" : null,
                        s.array()));
        return SlurmCall.post(
                "/slurm/{v}/job/submit", "/slurm/v0.0.38/job/submit", json.writeValueAsBytes(request), body -> {
                    var response = json.readValue(body, Dto.SubmitResponse.class);
                    if (response.jobId() == null) {
                        throw new IllegalStateException("no job_id in the answer");
                    }
                    String message = text(response.jobSubmitUserMsg());
                    return new SubmitResult(response.jobId(), message.isBlank() ? List.of() : List.of(message));
                });
    }

    @Override
    public SlurmCall<Boolean> cancel(long jobId) {
        return SlurmCall.delete("/slurm/{v}/job/{job_id}", "/slurm/v0.0.38/job/" + jobId, body -> true);
    }

    @Override
    public SlurmdbAdapter accounting() {
        return accounting;
    }

    @Override
    public boolean meansNoSuchJob(List<SlurmError> errors) {
        return !errors.isEmpty()
                && errors.stream().allMatch(e -> e.errorNumber() == INVALID_JOB_ID || e.errorNumber() == NOTHING_FOUND);
    }

    /** The request body of a submission, for tests; it holds the job's environment (its run token): never log it. */
    byte[] submitBody(JobSubmission submission) {
        return Objects.requireNonNull(submit(submission).body());
    }

    private List<SlurmJob> jobs(byte[] body) {
        return list(json.readValue(body, Dto.JobsResponse.class).jobs()).stream()
                .map(SlurmV0038Adapter::job)
                .toList();
    }

    static SlurmJob job(Dto.Job j) {
        String raw = text(j.jobState()).trim().toUpperCase(Locale.ROOT);
        JobState state;
        Set<String> flags = new LinkedHashSet<>();
        if (FLAG_STATES.containsKey(raw)) {
            state = FLAG_STATES.get(raw);
            flags.add(raw);
        } else {
            state = JobState.parse(raw);
        }
        Long arrayJobId = j.arrayJobId() == null || j.arrayJobId() == 0 ? null : j.arrayJobId();
        Integer arrayTaskId = limit(j.arrayTaskId());
        String cwd = text(j.currentWorkingDirectory());
        String user = text(j.userName());
        String name = text(j.name());
        return new SlurmJob(
                j.jobId(),
                name,
                user,
                text(j.account()),
                text(j.partition()),
                state,
                flags,
                text(j.stateReason()),
                epoch(j.submitTime()),
                epoch(j.startTime()),
                epoch(j.endTime()),
                orZero(j.cpus()),
                orZero(j.nodeCount()),
                text(j.nodes()),
                j.timeLimit(),
                state.isFinal() && j.exitCode() != null ? SlurmFormats.exitStatus(j.exitCode()) : null,
                text(j.comment()),
                cwd,
                SlurmFormats.outputPath(j.standardOutput(), cwd, j.jobId(), arrayJobId, arrayTaskId, user, name),
                arrayJobId,
                arrayTaskId,
                text(j.tresReqStr()),
                pendingTasks(arrayJobId, arrayTaskId, j.arrayTaskString()));
    }

    static SlurmJob accountingJob(Dto.DbJob j) {
        JobState state = JobState.parse(j.state() != null ? j.state().current() : null);
        Dto.DbTime time = j.time() != null ? j.time() : new Dto.DbTime(null, null, null, null);
        Long arrayJobId =
                j.array() == null || j.array().jobId() == null || j.array().jobId() == 0
                        ? null
                        : j.array().jobId();
        Integer arrayTaskId = j.array() != null ? limit(j.array().taskId()) : null;
        List<Dto.TresCount> allocated = j.tres() != null ? list(j.tres().allocated()) : List.of();
        int cpus = allocated.stream()
                .filter(t -> "cpu".equals(t.type()) && t.count() != null)
                .mapToInt(t -> t.count().intValue())
                .findFirst()
                .orElse(j.required() != null ? orZero(j.required().cpus()) : 0);
        Integer exitCode =
                state.isFinal() && j.exitCode() != null ? j.exitCode().returnCode() : null;
        if (state == JobState.FAILED && Integer.valueOf(0).equals(exitCode)) {
            // seen on 22.05: a job that ran "exit 3" is FAILED in accounting with return_code 0
            exitCode = null;
        }
        return new SlurmJob(
                j.jobId(),
                text(j.name()),
                text(j.user()),
                text(j.account()),
                text(j.partition()),
                state,
                Set.of(),
                j.state() != null ? text(j.state().reason()) : "",
                epoch(time.submission()),
                epoch(time.start()),
                epoch(time.end()),
                cpus,
                orZero(j.allocationNodes()),
                text(j.nodes()),
                time.limit(),
                exitCode,
                j.comment() != null ? text(j.comment().job()) : "",
                text(j.workingDirectory()),
                "", // accounting does not record output paths in 22.05
                arrayJobId,
                arrayTaskId,
                tres(j.tres() != null ? list(j.tres().requested()) : List.of()),
                pendingTasks(
                        arrayJobId, arrayTaskId, j.array() != null ? j.array().task() : null));
    }

    /**
     * An array's tasks that have not started yet stand in one record with the array's job id, no task
     * id and {@code array_task_string} "0-5" or "2-5%2" (recorded on 22.05, see
     * array-held.response.json); every other record has "" there.
     */
    private static String pendingTasks(
            @Nullable Long arrayJobId, @Nullable Integer arrayTaskId, @Nullable String tasks) {
        return arrayJobId != null && arrayTaskId == null ? text(tasks).trim() : "";
    }

    static SlurmNode node(Dto.Node n) {
        return new SlurmNode(
                n.name(),
                text(n.state()).toLowerCase(Locale.ROOT),
                new LinkedHashSet<>(list(n.stateFlags())),
                orZero(n.cpus()),
                orZero(n.allocCpus()),
                n.realMemory() != null ? n.realMemory() : 0,
                n.allocMemory() != null ? n.allocMemory() : 0,
                text(n.gres()),
                SlurmFormats.gpus(n.gres()),
                SlurmFormats.gpus(n.gresUsed()), // "gpu:a100:1(IDX:0)"
                n.cpuLoad() != null ? n.cpuLoad() / 100.0 : 0.0, // v0.0.38 sends hundredths
                list(n.partitions()),
                text(n.reason()));
    }

    static SlurmPartition partition(Dto.Partition p) {
        boolean isDefault = list(p.flags()).stream().anyMatch(f -> f.equalsIgnoreCase("default"));
        return new SlurmPartition(
                p.name(),
                text(p.state()),
                isDefault,
                orZero(p.totalNodes()),
                orZero(p.totalCpus()),
                text(p.nodes()),
                limit(p.maxTimeLimit()),
                limit(p.defaultTimeLimit()),
                limit(p.maximumNodesPerJob()));
    }

    /** "cpu=1,mem=2000M,node=1,billing=1", as the controller writes tres_req_str. */
    private static String tres(List<Dto.TresCount> tres) {
        var parts = new ArrayList<String>();
        for (Dto.TresCount t : tres) {
            if (t.type() == null || t.count() == null) {
                continue;
            }
            String key = t.name() == null || t.name().isBlank() ? t.type() : t.type() + "/" + t.name();
            parts.add(key + "=" + t.count() + ("mem".equals(t.type()) ? "M" : ""));
        }
        return parts.stream().collect(Collectors.joining(","));
    }

    /** -1 (and INFINITE/NO_VAL as unsigned 32-bit) mean unlimited or unset in v0.0.38. */
    private static @Nullable Integer limit(@Nullable Long value) {
        return value == null || value < 0 || value >= 0xFFFF_FFFEL || value > Integer.MAX_VALUE
                ? null
                : value.intValue();
    }

    private static @Nullable Instant epoch(@Nullable Long seconds) {
        return seconds == null || seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
    }

    private static int orZero(@Nullable Integer value) {
        return value == null ? 0 : value;
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> list(@Nullable List<T> values) {
        return values == null ? List.of() : values;
    }
}
