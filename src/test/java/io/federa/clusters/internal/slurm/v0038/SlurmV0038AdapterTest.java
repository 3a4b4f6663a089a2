package io.federa.clusters.internal.slurm.v0038;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import io.federa.clusters.internal.slurm.SlurmApiAdapter.PingAnswer;
import io.federa.clusters.internal.slurm.SlurmCall;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The v0.0.38 adapter against answers recorded from Slurm 22.05.8. */
class SlurmV0038AdapterTest {

    private final SlurmV0038Adapter adapter = new SlurmV0038Adapter();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void parses_every_job_of_the_recorded_jobs_list() throws Exception {
        List<SlurmJob> jobs = parse(adapter.jobs(null), "jobs-list.response.json");

        assertThat(jobs).extracting(SlurmJob::jobId).containsExactly(1L, 2L);
        assertThat(jobs).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
        assertThat(jobs.get(0).timeLimitMinutes()).as("unlimited comes as null").isNull();
        assertThat(jobs.get(1).timeLimitMinutes()).isEqualTo(10);
    }

    @Test
    void parses_pending_reason_from_recorded_job() throws Exception {
        SlurmJob job =
                parse(adapter.job(4), "job-get-pending-quota.response.json").orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.stateReason()).isEqualTo("AssocGrpCpuLimit");
        assertThat(job.user()).isEqualTo("carol");
        assertThat(job.account()).isEqualTo("team-a");
        assertThat(job.submitTime()).isEqualTo(Instant.ofEpochSecond(1795925385));
        assertThat(job.startTime()).as("0 means unset").isNull();
        assertThat(job.endTime()).isNull();
        assertThat(job.exitCode()).as("no exit code before the end").isNull();
        assertThat(job.arrayJobId()).isNull();
        assertThat(job.tresRequested()).isEqualTo("cpu=1,mem=2000M,node=1,billing=1");
    }

    @Test
    void parses_completed_job_and_expands_job_id_in_output_path() throws Exception {
        SlurmJob job = parse(adapter.job(2), "job-get-completed.response.json").orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.exitCode()).isZero();
        assertThat(job.startTime()).isEqualTo(Instant.ofEpochSecond(1795925384));
        assertThat(job.endTime()).isEqualTo(Instant.ofEpochSecond(1795925384));
        assertThat(job.nodes()).isEqualTo("c1n1");
        assertThat(job.standardOutput()).isEqualTo("/var/tmp/slurm-test/jobs/c1-rest-2.out");
        assertThat(job.workingDirectory()).isEqualTo("/tmp");
    }

    @Test
    void decodes_exit_status_and_keeps_flag_states_out_of_final_states() {
        SlurmJob failed = SlurmV0038Adapter.job(job("FAILED", 768));
        SlurmJob completing = SlurmV0038Adapter.job(job("COMPLETING", 0));
        SlurmJob killed = SlurmV0038Adapter.job(job("CANCELLED", 9));

        assertThat(failed.exitCode()).as("wait status 3<<8").isEqualTo(3);
        assertThat(killed.exitCode()).as("killed by signal 9").isEqualTo(137);
        assertThat(completing.state()).isEqualTo(JobState.RUNNING);
        assertThat(completing.stateFlags()).containsExactly("COMPLETING");
        assertThat(completing.exitCode()).isNull();
    }

    @Test
    void asks_for_changes_since_in_epoch_seconds_and_reads_not_modified_as_no_jobs() {
        SlurmCall<List<SlurmJob>> call = adapter.jobs(Instant.parse("2026-11-29T05:00:00.900Z"));

        assertThat(call.path()).isEqualTo("/slurm/v0.0.38/jobs");
        assertThat(call.endpoint()).isEqualTo("/slurm/{v}/jobs");
        assertThat(call.query()).containsEntry("update_time", "1795928400");
        assertThat(call.answersWithoutBody()).containsEntry(304, List.of());
        assertThat(adapter.jobs(null).query()).isEmpty();
    }

    @Test
    void builds_submit_body_with_environment_object_and_working_directory() throws Exception {
        var submission = new JobSubmission(
                "#!/bin/bash\necho hi",
                "hello",
                "team-a",
                "debug",
                1,
                2,
                10,
                "/var/tmp/jobs",
                "/var/tmp/jobs/out-%j.log",
                "federa-run-42",
                Map.of("LANG", "C.UTF-8"));

        SlurmCall<SubmitResult> call = adapter.submit(submission);
        JsonNode body = json.readTree(call.body());

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/slurm/v0.0.38/job/submit");
        assertThat(body.path("script").asString()).isEqualTo("#!/bin/bash\necho hi");
        JsonNode job = body.path("job");
        assertThat(job.path("environment").isObject()).isTrue();
        assertThat(job.path("environment").path("PATH").asString()).isEqualTo("/usr/bin:/bin");
        assertThat(job.path("environment").path("LANG").asString()).isEqualTo("C.UTF-8");
        assertThat(job.path("current_working_directory").asString()).isEqualTo("/var/tmp/jobs");
        assertThat(job.path("cpus_per_task").asInt()).isEqualTo(2);
        assertThat(job.path("time_limit").asInt()).isEqualTo(10);
        assertThat(job.path("comment").asString()).isEqualTo("federa-run-42");
        assertThat(job.path("standard_output").asString()).isEqualTo("/var/tmp/jobs/out-%j.log");
        // the same keys as the request recorded against the real cluster
        JsonNode recorded = json.readTree(resource("submit-hello.request.json")).path("job");
        assertThat(recorded.propertyNames())
                .allSatisfy(key -> assertThat(job.has(key)).as(key).isTrue());
    }

    @Test
    void submit_leaves_out_what_was_not_given_and_lets_the_submission_override_path() {
        var submission = new JobSubmission(
                "#!/bin/bash\ntrue", "t", "team-a", null, 1, 1, null, "/tmp", null, "c", Map.of("PATH", "/opt/bin"));

        JsonNode job = json.readTree(adapter.submit(submission).body()).path("job");

        assertThat(job.has("partition")).isFalse();
        assertThat(job.has("time_limit")).isFalse();
        assertThat(job.has("standard_output")).isFalse();
        assertThat(job.path("environment").path("PATH").asString()).isEqualTo("/opt/bin");
        assertThat(job.path("current_working_directory").asString()).isEqualTo("/tmp");
    }

    @Test
    void sends_a_job_array_as_the_array_string_and_nothing_for_a_plain_job() {
        var plain =
                new JobSubmission("#!/bin/bash\ntrue", "t", "team-a", null, 1, 1, null, "/tmp", null, "c", Map.of());

        JsonNode array =
                json.readTree(adapter.submitBody(plain.withArray(" 0-5%2 "))).path("job");
        JsonNode none = json.readTree(adapter.submitBody(plain)).path("job");

        assertThat(array.path("array").isString()).isTrue();
        assertThat(array.path("array").asString()).isEqualTo("0-5%2");
        assertThat(none.has("array")).isFalse();
        assertThat(json.readTree(adapter.submitBody(plain.withArray("1,3,7")))
                        .path("job")
                        .path("array")
                        .asString())
                .isEqualTo("1,3,7");
    }

    @Test
    void reads_an_array_whose_tasks_have_not_started_as_one_pending_record() throws Exception {
        // recorded live on c1: sbatch-like submit of --array=0-5%2 with hold, then GET /job/100
        SlurmJob held = parse(adapter.job(100), "array-held.response.json").orElseThrow();

        assertThat(held.state()).isEqualTo(JobState.PENDING);
        assertThat(held.stateReason()).isEqualTo("JobHeldUser");
        assertThat(held.arrayJobId()).isEqualTo(100L);
        assertThat(held.arrayTaskId()).isNull();
        assertThat(held.pendingArrayTasks()).isEqualTo("0-5%2");
        assertThat(held.isPendingArrayTasks()).isTrue();
        assertThat(held.standardOutput())
                .as("%a stays: the record stands for several tasks")
                .isEqualTo("/var/tmp/federa-slurm/jobs/sweep-record-100_%a.out");
    }

    @Test
    void reads_the_started_tasks_of_an_array_with_their_own_job_ids_and_indices() throws Exception {
        // the same array after release: tasks 0 and 1 run (job ids 101, 102), 2-5 still wait under 100
        List<SlurmJob> jobs = parse(adapter.jobs(null), "array-split.response.json");

        assertThat(jobs)
                .extracting(SlurmJob::jobId, SlurmJob::arrayJobId, SlurmJob::arrayTaskId, SlurmJob::pendingArrayTasks)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(100L, 100L, null, "2-5%2"),
                        org.assertj.core.groups.Tuple.tuple(101L, 100L, 0, ""),
                        org.assertj.core.groups.Tuple.tuple(102L, 100L, 1, ""));
        SlurmJob first = jobs.stream().filter(j -> j.jobId() == 101).findFirst().orElseThrow();
        assertThat(first.state()).isEqualTo(JobState.RUNNING);
        assertThat(first.isPendingArrayTasks()).isFalse();
        assertThat(first.standardOutput()).isEqualTo("/var/tmp/federa-slurm/jobs/sweep-record-100_0.out");
        assertThat(jobs.stream()
                        .filter(j -> j.jobId() == 100)
                        .findFirst()
                        .orElseThrow()
                        .stateReason())
                .isEqualTo("JobArrayTaskLimit");
    }

    @Test
    void a_plain_job_is_no_array() throws Exception {
        SlurmJob job = parse(adapter.job(2), "job-get-completed.response.json").orElseThrow();

        assertThat(job.arrayJobId()).isNull();
        assertThat(job.arrayTaskId()).isNull();
        assertThat(job.pendingArrayTasks()).isEmpty();
    }

    @Test
    void parses_accepted_submission() throws Exception {
        var submission = new JobSubmission("x", "n", "a", null, 1, 1, null, "/tmp", null, "c", Map.of());

        SubmitResult result = parse(adapter.submit(submission), "submit-hello.response.json");

        assertThat(result.jobId()).isEqualTo(2);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void cancels_with_delete_of_the_job() throws Exception {
        SlurmCall<Boolean> call = adapter.cancel(3);

        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.path()).isEqualTo("/slurm/v0.0.38/job/3");
        assertThat(call.endpoint()).isEqualTo("/slurm/{v}/job/{job_id}");
        assertThat(parse(call, "job-cancel.response.json")).isTrue();
    }

    @Test
    void parses_recorded_nodes() throws Exception {
        List<SlurmNode> nodes = parse(adapter.nodes(), "nodes.response.json");

        assertThat(nodes).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("c1n1");
            assertThat(n.state()).isEqualTo("idle");
            assertThat(n.cpusTotal()).isEqualTo(2);
            assertThat(n.cpusAllocated()).isZero();
            assertThat(n.memoryTotalMb()).isEqualTo(2000);
            assertThat(n.cpuLoad()).isEqualTo(3.76);
            assertThat(n.gpusTotal()).isZero();
            assertThat(n.partitions()).containsExactly("debug");
        });
    }

    @Test
    void parses_recorded_partitions_with_unlimited_as_null() throws Exception {
        List<SlurmPartition> partitions = parse(adapter.partitions(), "partitions.response.json");

        assertThat(partitions).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("debug");
            assertThat(p.state()).isEqualTo("UP");
            assertThat(p.isDefault()).isTrue();
            assertThat(p.totalCpus()).isEqualTo(2);
            assertThat(p.totalNodes()).isEqualTo(1);
            assertThat(p.nodes()).isEqualTo("c1n1");
            assertThat(p.maxTimeMinutes()).isNull();
            assertThat(p.defaultTimeMinutes()).isNull();
            assertThat(p.maxNodesPerJob()).isNull();
        });
    }

    @Test
    void parses_recorded_ping() throws Exception {
        PingAnswer ping = parse(adapter.ping(), "ping.response.json");

        assertThat(ping.controllerResponding()).isTrue();
        assertThat(ping.slurmRelease()).isEqualTo("22.05.8");
    }

    @Test
    void parses_recorded_accounting_job_with_its_own_shape() throws Exception {
        SlurmJob job =
                parse(adapter.accountingJob(2), "slurmdb-job.response.json").orElseThrow();

        assertThat(job.jobId()).isEqualTo(2);
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.stateReason()).isEqualTo("None");
        assertThat(job.user()).isEqualTo("alice");
        assertThat(job.account()).isEqualTo("team-a");
        assertThat(job.submitTime()).isEqualTo(Instant.ofEpochSecond(1795925383));
        assertThat(job.startTime()).isEqualTo(Instant.ofEpochSecond(1795925384));
        assertThat(job.endTime()).isEqualTo(Instant.ofEpochSecond(1795925384));
        assertThat(job.exitCode()).isZero();
        assertThat(job.cpus()).isEqualTo(1);
        assertThat(job.nodeCount()).isEqualTo(1);
        assertThat(job.timeLimitMinutes()).isEqualTo(10);
        assertThat(job.workingDirectory()).isEqualTo("/tmp");
        assertThat(job.tresRequested()).isEqualTo("cpu=1,mem=2000M,node=1,billing=1");
        assertThat(parse(adapter.accountingJob(7), "slurmdb-job.response.json"))
                .as("another job id")
                .isEmpty();
    }

    @Test
    void does_not_trust_exit_code_zero_of_a_failed_job_in_accounting() {
        var failed = new Dto.DbJob(
                4,
                "probe",
                "alice",
                "team-a",
                "debug",
                new Dto.DbState("FAILED", "None"),
                new Dto.DbTime(1L, 2L, 3L, null),
                1,
                "c1n1",
                new Dto.DbExitCode("SUCCESS", 0),
                null,
                "/tmp",
                null,
                null,
                null);

        assertThat(SlurmV0038Adapter.accountingJob(failed).exitCode()).isNull();
    }

    @Test
    void knows_which_errors_mean_no_such_job() throws Exception {
        assertThat(adapter.meansNoSuchJob(
                        List.of(new io.federa.clusters.SlurmError(2017, "Invalid job id specified", "", ""))))
                .isTrue();
        assertThat(adapter.meansNoSuchJob(
                        List.of(new io.federa.clusters.SlurmError(9003, "Nothing found with query", "", ""))))
                .isTrue();
        assertThat(adapter.meansNoSuchJob(
                        List.of(new io.federa.clusters.SlurmError(2002, "Access/permission denied", "", ""))))
                .isFalse();
        assertThat(adapter.meansNoSuchJob(List.of())).isFalse();
    }

    private static Dto.Job job(String state, int exitCode) {
        return new Dto.Job(
                9, "n", "u", "a", "p", state, "None", 1L, 2L, 3L, 1, 1, "c1n1", 5, exitCode, "", "/tmp", "", 0L, null,
                "", "");
    }

    private <T> T parse(SlurmCall<T> call, String sample) throws Exception {
        return call.parser().parse(resource(sample));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SlurmV0038AdapterTest.class.getResourceAsStream("/slurm/v0.0.38/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
