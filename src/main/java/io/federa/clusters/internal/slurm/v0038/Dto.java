package io.federa.clusters.internal.slurm.v0038;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of v0.0.38, only the fields the portal reads. Names map snake_case; numbers that Slurm
 * may send as null are boxed.
 */
final class Dto {

    private Dto() {}

    record Meta(@JsonProperty("Slurm") @Nullable SlurmVersion slurm) {}

    record SlurmVersion(@Nullable String release) {}

    record PingResponse(@Nullable Meta meta, @Nullable List<Ping> pings) {}

    record Ping(
            @Nullable String hostname,
            @Nullable String ping,
            @Nullable Integer status,
            @Nullable String mode) {}

    record JobsResponse(@Nullable List<Job> jobs) {}

    record Job(
            long jobId,
            @Nullable String name,
            @Nullable String userName,
            @Nullable String account,
            @Nullable String partition,
            @Nullable String jobState,
            @Nullable String stateReason,
            @Nullable Long submitTime,
            @Nullable Long startTime,
            @Nullable Long endTime,
            @Nullable Integer cpus,
            @Nullable Integer nodeCount,
            @Nullable String nodes,
            @Nullable Integer timeLimit,
            @Nullable Integer exitCode,
            @Nullable String comment,
            @Nullable String currentWorkingDirectory,
            @Nullable String standardOutput,
            @Nullable Long arrayJobId,
            @Nullable Long arrayTaskId,
            @Nullable String arrayTaskString,
            @Nullable String tresReqStr) {}

    record NodesResponse(@Nullable List<Node> nodes) {}

    record Node(
            String name,
            @Nullable String state,
            @Nullable List<String> stateFlags,
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

    record Partition(
            String name,
            @Nullable List<String> flags,
            @Nullable String state,
            @Nullable Integer totalNodes,
            @Nullable Integer totalCpus,
            @Nullable String nodes,
            @Nullable Long maxTimeLimit,
            @Nullable Long defaultTimeLimit,
            @Nullable Long maximumNodesPerJob) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubmitRequest(String script, SubmitJob job) {}

    /**
     * {@code environment} is required and an object in v0.0.38; {@code current_working_directory} always
     * set; {@code nodes} is [minimum, maximum]; {@code exclusive} a string ("true"); {@code array} the
     * index specification as sbatch's --array takes it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubmitJob(
            String name,
            String account,
            @Nullable String partition,
            int tasks,
            int cpusPerTask,
            @Nullable Integer timeLimit,
            String currentWorkingDirectory,
            @Nullable String standardOutput,
            String comment,
            Map<String, String> environment,
            @Nullable List<Integer> nodes,
            @Nullable String gres,
            @Nullable String exclusive,
            @Nullable String array) {}

    record SubmitResponse(
            @Nullable Long jobId,
            @Nullable String stepId,
            @Nullable String jobSubmitUserMsg) {}

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
            @Nullable DbExitCode exitCode,
            @Nullable DbComment comment,
            @Nullable String workingDirectory,
            @Nullable DbArray array,
            @Nullable DbRequired required,
            @Nullable DbTres tres) {}

    record DbState(@Nullable String current, @Nullable String reason) {}

    record DbTime(
            @Nullable Long submission,
            @Nullable Long start,
            @Nullable Long end,
            @Nullable Integer limit) {}

    record DbExitCode(@Nullable String status, @Nullable Integer returnCode) {}

    record DbComment(@Nullable String job) {}

    /** {@code task}: the indices not yet started of an array's pending record (null otherwise). */
    record DbArray(
            @Nullable Long jobId,
            @Nullable Long taskId,
            @Nullable String task) {}

    record DbRequired(@JsonProperty("CPUs") @Nullable Integer cpus) {}

    record DbTres(
            @Nullable List<TresCount> requested, @Nullable List<TresCount> allocated) {}

    record TresCount(
            @Nullable String type,
            @Nullable String name,
            @Nullable Long count) {}
}
