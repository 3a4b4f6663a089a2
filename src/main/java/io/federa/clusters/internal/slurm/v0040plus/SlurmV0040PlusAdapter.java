package io.federa.clusters.internal.slurm.v0040plus;

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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * slurmrestd REST API v0.0.40 to v0.0.45 (Slurm 23.11 to 26.05), one instance per version: what the
 * versions do differently comes from its {@link Variant}; shapes they share are read by the same
 * code. Differences to v0.0.38: numbers are {@code {"set","infinite","number"}} objects, states are
 * arrays (base state first, then flags), {@code exit_code} is an object, {@code meta.slurm} holds
 * strings, submit puts {@code script} inside {@code job} and {@code environment} as "K=V" strings.
 */
public class SlurmV0040PlusAdapter implements SlurmApiAdapter {

    /** Slurm requires an environment for a batch job; this is the least a script needs. */
    static final Map<String, String> BASE_ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin");

    private static final int INVALID_JOB_ID = 2017;
    private static final int NOTHING_FOUND = 9003;
    private static final long NO_VAL = 0xFFFF_FFFEL;
    /** What accounting writes as the nodes of a job that never ran. */
    private static final String NO_NODES = "None assigned";

    private final Variant variant;
    private final String version;
    private final SlurmdbAdapter accounting;
    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public SlurmV0040PlusAdapter(Variant variant) {
        this.variant = variant;
        this.version = variant.version();
        this.accounting = new SlurmdbV0040Plus(variant);
    }

    /** One adapter per version, newest last (for tests and tools; Spring makes its own beans). */
    public static List<SlurmApiAdapter> all() {
        return Arrays.stream(Variant.values())
                .<SlurmApiAdapter>map(SlurmV0040PlusAdapter::new)
                .toList();
    }

    @Override
    public String version() {
        return version;
    }

    Variant variant() {
        return variant;
    }

    @Override
    public SlurmCall<PingAnswer> ping() {
        return SlurmCall.get("/slurm/{v}/ping", path("/slurm/", "/ping"), body -> {
            var response = json.readValue(body, Dto.PingResponse.class);
            boolean up = list(response.pings()).stream().anyMatch(this::responding);
            String release = response.meta() != null && response.meta().slurm() != null
                    ? text(response.meta().slurm().release())
                    : "";
            return new PingAnswer(up, release);
        });
    }

    private boolean responding(Dto.Ping ping) {
        return switch (variant.ping()) {
            case RESPONDING -> ping.responding() != null ? ping.responding() : "UP".equalsIgnoreCase(ping.pinged());
            case PINGED -> "UP".equalsIgnoreCase(ping.pinged());
        };
    }

    @Override
    public SlurmCall<List<SlurmPartition>> partitions() {
        return SlurmCall.get(
                "/slurm/{v}/partitions",
                path("/slurm/", "/partitions"),
                body -> list(json.readValue(body, Dto.PartitionsResponse.class).partitions()).stream()
                        .map(SlurmV0040PlusAdapter::partition)
                        .toList());
    }

    @Override
    public SlurmCall<List<SlurmNode>> nodes() {
        return SlurmCall.get(
                "/slurm/{v}/nodes",
                path("/slurm/", "/nodes"),
                body -> list(json.readValue(body, Dto.NodesResponse.class).nodes()).stream()
                        .map(SlurmV0040PlusAdapter::node)
                        .toList());
    }

    @Override
    public SlurmCall<List<SlurmJob>> jobs(@Nullable Instant changedSince) {
        SlurmCall<List<SlurmJob>> call = SlurmCall.get("/slurm/{v}/jobs", path("/slurm/", "/jobs"), this::jobs)
                .withAnswer(304, List.of()); // nothing changed since update_time
        return changedSince == null
                ? call
                : call.withQuery(Map.of("update_time", Long.toString(changedSince.getEpochSecond())));
    }

    @Override
    public SlurmCall<Optional<SlurmJob>> job(long jobId) {
        return SlurmCall.get(
                "/slurm/{v}/job/{job_id}",
                path("/slurm/", "/job/" + jobId),
                body -> jobs(body).stream().filter(j -> j.jobId() == jobId).findFirst());
    }

    @Override
    public SlurmCall<Optional<SlurmJob>> accountingJob(long jobId) {
        return SlurmCall.get(
                "/slurmdb/{v}/job/{job_id}",
                path("/slurmdb/", "/job/" + jobId),
                body -> list(json.readValue(body, Dto.DbJobsResponse.class).jobs()).stream()
                        .filter(j -> j.jobId() == jobId)
                        .reduce((first, second) -> second) // a requeued job has a record per run: the last counts
                        .map(SlurmV0040PlusAdapter::accountingJob));
    }

    @Override
    public SlurmCall<SubmitResult> submit(JobSubmission s) {
        var environment = new TreeMap<>(BASE_ENVIRONMENT);
        environment.putAll(s.environment());
        boolean exclusiveField = s.exclusive() && variant.sharing() == Variant.Sharing.EXCLUSIVE;
        boolean sharedField = s.exclusive() && variant.sharing() == Variant.Sharing.SHARED;
        var request = new Dto.SubmitRequest(new Dto.SubmitJob(
                s.script(),
                s.name(),
                s.account(),
                s.partition(),
                s.tasks(),
                s.cpusPerTask(),
                s.timeLimitMinutes() != null ? Dto.Num.of(s.timeLimitMinutes()) : null,
                s.workingDirectory(),
                s.standardOutput(),
                s.comment(),
                environment.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList(),
                s.nodes() != null ? s.nodes().toString() : null,
                tresPerNode(s.gres()),
                exclusiveField ? List.of("true") : null,
                sharedField ? List.of("none") : null,
                s.array()));
        return SlurmCall.post(
                "/slurm/{v}/job/submit", path("/slurm/", "/job/submit"), json.writeValueAsBytes(request), body -> {
                    var response = json.readValue(body, Dto.SubmitResponse.class);
                    if (response.jobId() == null) {
                        throw new IllegalStateException("no job_id in the answer");
                    }
                    var warnings = new ArrayList<String>();
                    String message = text(response.jobSubmitUserMsg());
                    if (!message.isBlank()) {
                        warnings.add(message);
                    }
                    for (Dto.Warning w : list(response.warnings())) {
                        String description = text(w.description());
                        if (!description.isBlank()) {
                            warnings.add(description);
                        }
                    }
                    return new SubmitResult(response.jobId(), warnings);
                });
    }

    /**
     * From v0.0.42 a refusal comes back with HTTP 200 and the reason only in {@code status[]}; the
     * client reads {@code status[]} as errors for every version (see SlurmErrors). v0.0.40 and
     * v0.0.41 (seen on 24.11) answer a refused cancel with HTTP 200 and nothing at all: the refusal
     * cannot be seen there (discovery prefers v0.0.42 wherever it is offered).
     */
    @Override
    public SlurmCall<Boolean> cancel(long jobId) {
        return SlurmCall.delete("/slurm/{v}/job/{job_id}", path("/slurm/", "/job/" + jobId), body -> true);
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

    private String path(String prefix, String rest) {
        return prefix + version + rest;
    }

    private List<SlurmJob> jobs(byte[] body) {
        return list(json.readValue(body, Dto.JobsResponse.class).jobs()).stream()
                .map(this::job)
                .toList();
    }

    SlurmJob job(Dto.Job j) {
        List<String> states = list(j.jobState());
        JobState state = states.isEmpty() ? JobState.UNKNOWN : JobState.parse(states.getFirst());
        var flags = new LinkedHashSet<>(states.isEmpty() ? List.<String>of() : states.subList(1, states.size()));
        Long arrayJobId = positive(j.arrayJobId());
        Integer arrayTaskId = intValue(j.arrayTaskId());
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
                orZero(intValue(j.cpus())),
                orZero(intValue(j.nodeCount())),
                text(j.nodes()),
                intValue(j.timeLimit()),
                state.isFinal() ? exitCode(j.exitCode()) : null,
                text(j.comment()),
                cwd,
                outputPath(j, cwd, arrayJobId, arrayTaskId, user, name),
                arrayJobId,
                arrayTaskId,
                text(j.tresReqStr()),
                pendingTasks(arrayJobId, arrayTaskId, j.arrayTaskString()));
    }

    /**
     * An array's tasks that have not started yet stand in one record with the array's job id, an unset
     * task id and {@code array_task_string} "0-5" or "2-5%2" (recorded in every version from v0.0.40,
     * see array-held.json); every other record has "" there.
     */
    private static String pendingTasks(
            @Nullable Long arrayJobId, @Nullable Integer arrayTaskId, @Nullable String tasks) {
        return arrayJobId != null && arrayTaskId == null ? text(tasks).trim() : "";
    }

    /**
     * v0.0.40–42 send the path Slurm expanded; from v0.0.43 the raw pattern and {@code stdout_expanded}.
     * Either way a missing path is Slurm's default, expanded here. The pending tasks of an array have
     * no index yet: Slurm expands their {@code %a} to NO_VAL (4294967294); it is shown as {@code %a}.
     */
    private String outputPath(
            Dto.Job j, String cwd, @Nullable Long arrayJobId, @Nullable Integer arrayTaskId, String user, String name) {
        String path = expandedOutputPath(j, cwd, arrayJobId, arrayTaskId, user, name);
        return arrayJobId != null && arrayTaskId == null ? path.replace(Long.toString(NO_VAL), "%a") : path;
    }

    private String expandedOutputPath(
            Dto.Job j, String cwd, @Nullable Long arrayJobId, @Nullable Integer arrayTaskId, String user, String name) {
        String given = text(j.standardOutput());
        String expanded = switch (variant.outputPaths()) {
            case EXPANDED -> given;
            case RAW_AND_EXPANDED -> text(j.stdoutExpanded());
        };
        if (!expanded.isBlank() && expanded.startsWith("/")) {
            return expanded;
        }
        String pattern =
                variant.outputPaths() == Variant.OutputPaths.RAW_AND_EXPANDED || expanded.isBlank() ? given : expanded;
        return SlurmFormats.outputPath(pattern, cwd, j.jobId(), arrayJobId, arrayTaskId, user, name);
    }

    static SlurmJob accountingJob(Dto.DbJob j) {
        List<String> states = j.state() != null ? list(j.state().current()) : List.of();
        JobState state = states.isEmpty() ? JobState.UNKNOWN : JobState.parse(states.getFirst());
        var flags = new LinkedHashSet<>(states.isEmpty() ? List.<String>of() : states.subList(1, states.size()));
        Dto.DbTime time = j.time() != null ? j.time() : new Dto.DbTime(null, null, null, null);
        Long arrayJobId =
                j.array() == null || j.array().jobId() == null || j.array().jobId() == 0
                        ? null
                        : j.array().jobId();
        Integer arrayTaskId = j.array() != null ? intValue(j.array().taskId()) : null;
        List<Dto.TresCount> allocated = j.tres() != null ? list(j.tres().allocated()) : List.of();
        int cpus = allocated.stream()
                .filter(t -> "cpu".equals(t.type()) && t.count() != null)
                .mapToInt(t -> t.count().intValue())
                .findFirst()
                .orElse(j.required() != null ? orZero(j.required().cpus()) : 0);
        String cwd = text(j.workingDirectory());
        String stdout = text(j.stdoutExpanded()).isBlank()
                ? (text(j.stdout()).isBlank()
                        ? "" // accounting before v0.0.42 does not record output paths
                        : SlurmFormats.outputPath(
                                j.stdout(), cwd, j.jobId(), arrayJobId, arrayTaskId, text(j.user()), text(j.name())))
                : text(j.stdoutExpanded());
        return new SlurmJob(
                j.jobId(),
                text(j.name()),
                text(j.user()),
                text(j.account()),
                text(j.partition()),
                state,
                flags,
                j.state() != null ? text(j.state().reason()) : "",
                epoch(time.submission()),
                epoch(time.start()),
                epoch(time.end()),
                cpus,
                orZero(j.allocationNodes()),
                NO_NODES.equals(j.nodes()) ? "" : text(j.nodes()),
                time.limit() != null ? intValue(time.limit()) : null,
                state.isFinal() ? exitCode(j.exitCode()) : null,
                j.comment() != null ? text(j.comment().job()) : "",
                cwd,
                stdout,
                arrayJobId,
                arrayTaskId,
                tres(j.tres() != null ? list(j.tres().requested()) : List.of()),
                pendingTasks(
                        arrayJobId, arrayTaskId, j.array() != null ? j.array().task() : null));
    }

    static SlurmNode node(Dto.Node n) {
        List<String> states = list(n.state());
        return new SlurmNode(
                n.name(),
                states.isEmpty() ? "" : states.getFirst().toLowerCase(Locale.ROOT),
                new LinkedHashSet<>(states.isEmpty() ? List.<String>of() : states.subList(1, states.size())),
                orZero(n.cpus()),
                orZero(n.allocCpus()),
                n.realMemory() != null ? n.realMemory() : 0,
                n.allocMemory() != null ? n.allocMemory() : 0,
                text(n.gres()),
                SlurmFormats.gpus(n.gres()),
                SlurmFormats.gpus(n.gresUsed()), // "gpu:a100:1(IDX:0)"
                n.cpuLoad() != null ? n.cpuLoad() / 100.0 : 0.0, // hundredths, as in v0.0.38
                list(n.partitions()),
                text(n.reason()));
    }

    static SlurmPartition partition(Dto.Partition p) {
        boolean isDefault = list(p.flags()).stream().anyMatch(f -> f.equalsIgnoreCase("default"));
        List<String> states = p.partition() != null ? list(p.partition().state()) : List.of();
        return new SlurmPartition(
                p.name(),
                states.isEmpty() ? "" : states.getFirst(),
                isDefault,
                p.nodes() != null ? orZero(p.nodes().total()) : 0,
                p.cpus() != null ? orZero(p.cpus().total()) : 0,
                p.nodes() != null ? text(p.nodes().configured()) : "",
                p.maximums() != null ? intValue(p.maximums().time()) : null,
                p.defaults() != null ? intValue(p.defaults().time()) : null,
                p.maximums() != null ? intValue(p.maximums().nodes()) : null);
    }

    /**
     * The exit status as a shell reports it: the return code of a normal exit, 128 + the signal of a
     * killed job, null when Slurm recorded neither.
     */
    static @Nullable Integer exitCode(Dto.@Nullable ExitCode e) {
        if (e == null) {
            return null;
        }
        Integer signal = e.signal() != null ? intValue(e.signal().id()) : null;
        if (signal != null && signal > 0) {
            return 128 + signal;
        }
        return intValue(e.returnCode());
    }

    /** sbatch's {@code --gres=gpu:1} is {@code tres_per_node: "gres/gpu:1"}. */
    static @Nullable String tresPerNode(@Nullable String gres) {
        if (gres == null || gres.isBlank()) {
            return null;
        }
        return Arrays.stream(gres.split(","))
                .map(String::trim)
                .filter(g -> !g.isEmpty())
                .map(g -> g.contains("/") ? g : "gres/" + g)
                .collect(Collectors.joining(","));
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
        return String.join(",", parts);
    }

    /** A set, finite number that fits an int; unset, infinite and NO_VAL-sized values are null. */
    private static @Nullable Integer intValue(Dto.@Nullable Num n) {
        Long value = n != null ? n.value() : null;
        return value == null || value < 0 || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    private static @Nullable Long positive(Dto.@Nullable Num n) {
        Long value = n != null ? n.value() : null;
        return value == null || value <= 0 ? null : value;
    }

    private static @Nullable Instant epoch(Dto.@Nullable Num n) {
        return epoch(positive(n));
    }

    /**
     * 0 is unset; so are NO_VAL (0xFFFFFFFE) and INFINITE, which accounting sends as plain ints, e.g.
     * as the start of a job cancelled before it started (seen on 24.11 and 26.05).
     */
    private static @Nullable Instant epoch(@Nullable Long seconds) {
        return seconds == null || seconds <= 0 || seconds >= NO_VAL ? null : Instant.ofEpochSecond(seconds);
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
