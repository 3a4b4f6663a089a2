package io.federa.clusters.internal.slurm.v0040plus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON of v0.0.40 to v0.0.45, only the fields the portal reads or sends. Names map snake_case;
 * fields a version lacks stay null.
 */
final class Dto {

    private Dto() {}

    /**
     * Slurm's number object {@code {"set": true, "infinite": false, "number": 10}}: unset and
     * infinite carry no number. A plain JSON number is read as a set one, so that a field that stays
     * an int in some version (slurmdb job times) reads the same.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Num(boolean set, boolean infinite, long number) {

        static final Num UNSET = new Num(false, false, 0);

        static Num of(long number) {
            return new Num(true, false, number);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Num read(@Nullable JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return UNSET;
            }
            if (node.isNumber()) {
                return of(node.asLong());
            }
            return new Num(
                    node.path("set").asBoolean(false),
                    node.path("infinite").asBoolean(false),
                    node.path("number").asLong(0));
        }

        /** The number when set and finite, else null. */
        @Nullable
        Long value() {
            return set && !infinite ? number : null;
        }
    }

    record Meta(@Nullable SlurmVersion slurm) {}

    record SlurmVersion(@Nullable String release) {}

    record Warning(@Nullable String description, @Nullable String source) {}

    record PingResponse(@Nullable Meta meta, @Nullable List<Ping> pings) {}

    record Ping(
            @Nullable String hostname,
            @Nullable String pinged,
            @Nullable Boolean responding,
            @Nullable Boolean primary) {}

    record JobsResponse(@Nullable List<Job> jobs) {}

    record Job(
            long jobId,
            @Nullable String name,
            @Nullable String userName,
            @Nullable String account,
            @Nullable String partition,
            @Nullable List<String> jobState,
            @Nullable String stateReason,
            @Nullable Num submitTime,
            @Nullable Num startTime,
            @Nullable Num endTime,
            @Nullable Num cpus,
            @Nullable Num nodeCount,
            @Nullable String nodes,
            @Nullable Num timeLimit,
            @Nullable ExitCode exitCode,
            @Nullable String comment,
            @Nullable String currentWorkingDirectory,
            @Nullable String standardOutput,
            @Nullable String stdoutExpanded,
            @Nullable Num arrayJobId,
            @Nullable Num arrayTaskId,
            @Nullable String arrayTaskString,
            @Nullable String tresReqStr) {}

    /** {@code {"status": ["SIGNALED"], "return_code": {...}, "signal": {"id": {...}, "name": "TERM"}}}. */
    record ExitCode(
            @Nullable List<String> status,
            @Nullable Num returnCode,
            @Nullable Signal signal) {}

    record Signal(@Nullable Num id, @Nullable String name) {}

    record NodesResponse(@Nullable List<Node> nodes) {}

    record Node(
            String name,
            @Nullable List<String> state,
            @Nullable Integer cpus,
            @Nullable Integer allocCpus,
            @Nullable Long realMemory,
            @Nullable Long allocMemory,
            @Nullable String gres,
            @Nullable String gresUsed,
            @Nullable Integer cpuLoad,
            @Nullable List<String> partitions,
            @Nullable String reason) {}

    record PartitionsResponse(@Nullable List<Partition> partitions) {}

    /** {@code flags} (["DEFAULT"]) only from v0.0.45; earlier versions do not say which is the default. */
    record Partition(
            String name,
            @Nullable List<String> flags,
            @Nullable PartitionNodes nodes,
            @Nullable PartitionCpus cpus,
            @Nullable PartitionLimits defaults,
            @Nullable PartitionLimits maximums,
            @Nullable PartitionState partition) {}

    record PartitionNodes(
            @Nullable String configured, @Nullable Integer total) {}

    record PartitionCpus(@Nullable Integer total) {}

    record PartitionLimits(@Nullable Num time, @Nullable Num nodes) {}

    record PartitionState(@Nullable List<String> state) {}

    // submit

    record SubmitRequest(SubmitJob job) {}

    /**
     * {@code script} inside {@code job}; {@code environment} an array of "K=V" (required: without it
     * Slurm fails with 2019); {@code nodes} a count range string; generic resources as {@code
     * tres_per_node}; whole nodes as {@code exclusive} (v0.0.40/41) or {@code shared} (from v0.0.42);
     * {@code array} the index specification as sbatch's --array takes it (a string in every version).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubmitJob(
            String script,
            String name,
            String account,
            @Nullable String partition,
            int tasks,
            int cpusPerTask,
            @Nullable Num timeLimit,
            String currentWorkingDirectory,
            @Nullable String standardOutput,
            String comment,
            List<String> environment,
            @Nullable String nodes,
            @Nullable String tresPerNode,
            @Nullable List<String> exclusive,
            @Nullable List<String> shared,
            @Nullable String array) {}

    record SubmitResponse(
            @Nullable Long jobId,
            @Nullable String stepId,
            @Nullable String jobSubmitUserMsg,
            @Nullable List<Warning> warnings) {}

    // slurmdb

    record DbJobsResponse(@Nullable List<DbJob> jobs) {}

    record DbJob(
            long jobId,
            @Nullable String name,
            @Nullable String user,
            @Nullable String account,
            @Nullable String partition,
            @Nullable DbState state,
            @Nullable DbTime time,
            @Nullable Integer allocationNodes,
            @Nullable String nodes,
            @Nullable ExitCode exitCode,
            @Nullable DbComment comment,
            @Nullable String workingDirectory,
            @Nullable DbArray array,
            @Nullable DbRequired required,
            @Nullable DbTres tres,
            @Nullable String stdout,
            @Nullable String stdoutExpanded) {}

    record DbState(@Nullable List<String> current, @Nullable String reason) {}

    /** Plain epoch seconds, except {@code limit} (a number object). */
    record DbTime(
            @Nullable Long submission,
            @Nullable Long start,
            @Nullable Long end,
            @Nullable Num limit) {}

    record DbComment(@Nullable String job) {}

    /** {@code task}: the indices not yet started of an array's pending record ("" otherwise). */
    record DbArray(
            @Nullable Long jobId,
            @Nullable Num taskId,
            @Nullable String task) {}

    record DbRequired(@JsonProperty("CPUs") @Nullable Integer cpus) {}

    record DbTres(
            @Nullable List<TresCount> requested, @Nullable List<TresCount> allocated) {}

    record TresCount(
            @Nullable String type,
            @Nullable String name,
            @Nullable Long count) {}
}
