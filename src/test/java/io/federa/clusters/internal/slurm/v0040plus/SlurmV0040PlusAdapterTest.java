package io.federa.clusters.internal.slurm.v0040plus;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmJob;
import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.clusters.SubmitResult;
import io.federa.clusters.internal.slurm.SlurmApiAdapter.PingAnswer;
import io.federa.clusters.internal.slurm.SlurmCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapters of v0.0.40 to v0.0.45 against answers recorded from Slurm 24.11.5 and 26.05.5: the
 * same objects under every API version must give the same domain values.
 */
class SlurmV0040PlusAdapterTest {

    /** The submission that was recorded as {@code submit-hello.request.json}, plus the portal's comment. */
    private static final JobSubmission HELLO = new JobSubmission(
            "#!/bin/bash\necho hello from $(hostname) as $(id -un) account=$SLURM_JOB_ACCOUNT"
                    + " cluster=$SLURM_CLUSTER_NAME FOO=$FOO\nsleep 1",
            "hello",
            "team-a",
            "debug",
            1,
            1,
            10,
            "/tmp",
            "/srv/slurm-test/jobs/rest-%j.out",
            "federa-run-1",
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "FOO", "bar"));

    private final JsonMapper json = JsonMapper.builder().build();

    static Stream<Recorded> recorded() {
        return Recorded.all();
    }

    static Stream<Recorded> exchanges() {
        return Recorded.exchanges();
    }

    @Test
    void there_is_one_variant_per_version_from_v0040_to_v0045() {
        assertThat(SlurmV0040PlusAdapter.all())
                .extracting(a -> a.version())
                .containsExactly("v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_one_job_from_the_controller(Recorded r) throws Exception {
        var adapter = r.adapter();
        var release = r.release();

        SlurmJob job =
                parse(adapter.job(release.helloJob), r.sample("job.json")).orElseThrow();

        assertThat(job.jobId()).isEqualTo(release.helloJob);
        assertThat(job.name()).isEqualTo("hello");
        assertThat(job.user()).isEqualTo("alice");
        assertThat(job.account()).isEqualTo("team-a");
        assertThat(job.partition()).isEqualTo("debug");
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.stateFlags()).isEmpty();
        assertThat(job.stateReason()).isEqualTo("None");
        assertThat(job.submitTime()).isEqualTo(release.helloSubmit);
        assertThat(job.startTime()).isEqualTo(release.helloStart);
        assertThat(job.endTime()).isEqualTo(release.helloEnd);
        assertThat(job.cpus()).isEqualTo(1);
        assertThat(job.nodeCount()).isEqualTo(1);
        assertThat(job.nodes()).isEqualTo(release.node);
        assertThat(job.timeLimitMinutes()).isEqualTo(10);
        assertThat(job.exitCode()).isZero();
        assertThat(job.workingDirectory()).isEqualTo("/tmp");
        assertThat(job.standardOutput()).as("expanded in every version").isEqualTo(release.helloOutput);
        assertThat(job.arrayJobId()).isNull();
        assertThat(job.arrayTaskId()).isNull();
        assertThat(job.tresRequested()).isEqualTo("cpu=1,mem=2000M,node=1,billing=1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_the_jobs_list_with_unlimited_time_and_a_killed_job(Recorded r) throws Exception {
        var release = r.release();

        List<SlurmJob> jobs = parse(r.adapter().jobs(null), r.sample("jobs.json"));

        assertThat(jobs).hasSize(release.jobsInList);
        SlurmJob first = jobs.getFirst();
        assertThat(first.timeLimitMinutes()).as("infinite comes as null").isNull();
        SlurmJob hello = byId(jobs, release.helloJob);
        assertThat(hello.timeLimitMinutes()).isEqualTo(10);
        assertThat(hello.standardOutput()).isEqualTo(release.helloOutput);
        SlurmJob cancelled = byId(jobs, release.cancelledJob);
        assertThat(cancelled.name()).isEqualTo("to-cancel");
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.exitCode()).as("killed by SIGTERM").isEqualTo(128 + 15);
        assertThat(cancelled.standardOutput())
                .as("Slurm's default slurm-%j.out, expanded")
                .isEqualTo(release.cancelledOutput);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_the_job_from_accounting_with_plain_int_times(Recorded r) throws Exception {
        var release = r.release();

        SlurmJob job = parse(r.adapter().accountingJob(release.helloJob), r.sample("slurmdb-job.json"))
                .orElseThrow();

        assertThat(job.jobId()).isEqualTo(release.helloJob);
        assertThat(job.name()).isEqualTo("hello");
        assertThat(job.user()).isEqualTo("alice");
        assertThat(job.account()).isEqualTo("team-a");
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.submitTime()).isEqualTo(release.helloSubmit);
        assertThat(job.startTime()).isEqualTo(release.helloStart);
        assertThat(job.endTime()).isEqualTo(release.helloEnd);
        assertThat(job.timeLimitMinutes()).isEqualTo(10);
        assertThat(job.exitCode()).isZero();
        assertThat(job.cpus()).isEqualTo(1);
        assertThat(job.nodeCount()).isEqualTo(1);
        assertThat(job.nodes()).isEqualTo(release.node);
        assertThat(job.workingDirectory()).isEqualTo("/tmp");
        assertThat(job.tresRequested()).isEqualTo("cpu=1,mem=2000M,node=1,billing=1");
        if (!r.version().equals("v0.0.40")) {
            assertThat(job.standardOutput()).isEqualTo(release.helloOutput);
        } else {
            assertThat(job.standardOutput())
                    .as("not recorded by accounting in v0.0.40")
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_nodes(Recorded r) throws Exception {
        List<SlurmNode> nodes = parse(r.adapter().nodes(), r.sample("nodes.json"));

        assertThat(nodes).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo(r.release().node);
            assertThat(n.state()).isEqualTo("idle");
            assertThat(n.stateFlags()).isEmpty();
            assertThat(n.cpusTotal()).isEqualTo(2);
            assertThat(n.cpusAllocated()).isZero();
            assertThat(n.memoryTotalMb()).isEqualTo(2000);
            assertThat(n.memoryAllocatedMb()).isZero();
            assertThat(n.gres()).isEmpty();
            assertThat(n.gpusTotal()).isZero();
            assertThat(n.cpuLoad()).isEqualTo(r.release().cpuLoad);
            assertThat(n.partitions()).containsExactly("debug");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_partitions_with_unlimited_as_null(Recorded r) throws Exception {
        List<SlurmPartition> partitions = parse(r.adapter().partitions(), r.sample("partitions.json"));

        assertThat(partitions).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("debug");
            assertThat(p.state()).isEqualTo("UP");
            assertThat(p.totalCpus()).isEqualTo(2);
            assertThat(p.totalNodes()).isEqualTo(1);
            assertThat(p.nodes()).isEqualTo(r.release().node);
            assertThat(p.maxTimeMinutes()).isNull();
            assertThat(p.defaultTimeMinutes()).isNull();
            assertThat(p.maxNodesPerJob()).isNull();
            // Default=YES in slurm.conf; only v0.0.45 says so (flags: ["DEFAULT"])
            assertThat(p.isDefault()).isEqualTo(r.version().equals("v0.0.45"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void reads_ping_and_release(Recorded r) throws Exception {
        SlurmCall<PingAnswer> call = r.adapter().ping();

        PingAnswer ping = parse(call, r.sample("ping.json"));

        assertThat(call.path()).isEqualTo("/slurm/" + r.version() + "/ping");
        assertThat(ping.controllerResponding()).isTrue();
        assertThat(ping.slurmRelease()).isEqualTo(r.release().name);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void ping_reads_the_field_of_its_version(Variant variant) throws Exception {
        var adapter = new SlurmV0040PlusAdapter(variant);
        byte[] downButPinged =
                "{\"pings\":[{\"pinged\":\"UP\",\"responding\":false}],\"meta\":{\"slurm\":{\"release\":\"x\"}}}"
                        .getBytes();
        byte[] pingedOnly = "{\"pings\":[{\"pinged\":\"UP\"}]}".getBytes();

        boolean responding = adapter.ping().parser().parse(downButPinged).controllerResponding();

        assertThat(responding).isEqualTo(variant.ping() == Variant.Ping.PINGED);
        assertThat(adapter.ping().parser().parse(pingedOnly).controllerResponding())
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void builds_the_submit_body_as_recorded(Variant variant) throws Exception {
        var adapter = new SlurmV0040PlusAdapter(variant);
        Recorded recordedAt = variant.compareTo(Variant.V0042) <= 0
                ? new Recorded("v0.0.42", Recorded.Release.SLURM_24_11)
                : new Recorded("v0.0.45", Recorded.Release.SLURM_26_05);

        SlurmCall<SubmitResult> call = adapter.submit(HELLO);
        JsonNode body = json.readTree(call.body());
        JsonNode recorded = json.readTree(recordedAt.sample("submit-hello.request.json"));

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/slurm/" + variant.version() + "/job/submit");
        assertThat(body.propertyNames()).as("script inside job").containsExactly("job");
        JsonNode job = body.path("job");
        assertThat(job.path("environment").isArray()).isTrue();
        assertThat(strings(job.path("environment")))
                .containsExactlyInAnyOrderElementsOf(
                        strings(recorded.path("job").path("environment")));
        assertThat(job.path("comment").asString()).isEqualTo("federa-run-1");
        for (String key : recorded.path("job").propertyNames()) {
            if (!key.equals("environment")) {
                assertThat(job.path(key)).as(key).isEqualTo(recorded.path("job").path(key));
            }
        }
        assertThat(job.propertyNames())
                .as("nothing beyond the recorded request but the comment")
                .containsExactlyInAnyOrderElementsOf(
                        withComment(recorded.path("job").propertyNames()));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void asks_for_nodes_gpus_and_whole_nodes_in_the_words_of_its_version(Variant variant) {
        var submission = new JobSubmission(
                "#!/bin/bash\ntrue",
                "t",
                "team-a",
                null,
                2,
                1,
                null,
                "/tmp",
                null,
                "c",
                Map.of("PATH", "/opt/bin"),
                2,
                "gpu:a100:1",
                true);

        JsonNode job = json.readTree(new SlurmV0040PlusAdapter(variant).submitBody(submission))
                .path("job");

        assertThat(job.path("nodes").isString()).isTrue();
        assertThat(job.path("nodes").asString()).isEqualTo("2");
        assertThat(job.path("tres_per_node").asString()).isEqualTo("gres/gpu:a100:1");
        assertThat(job.has("gres")).isFalse();
        if (variant.compareTo(Variant.V0042) >= 0) {
            assertThat(strings(job.path("shared"))).containsExactly("none");
            assertThat(job.has("exclusive")).isFalse();
        } else {
            assertThat(strings(job.path("exclusive"))).containsExactly("true");
            assertThat(job.has("shared")).isFalse();
        }
        assertThat(strings(job.path("environment"))).containsExactly("PATH=/opt/bin");
        assertThat(job.has("partition")).isFalse();
        assertThat(job.has("time_limit")).isFalse();
        assertThat(job.has("standard_output")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void leaves_nodes_gpus_and_sharing_to_slurm_when_not_asked(Variant variant) {
        JsonNode job = json.readTree(new SlurmV0040PlusAdapter(variant).submitBody(HELLO))
                .path("job");

        assertThat(job.has("nodes")).isFalse();
        assertThat(job.has("tres_per_node")).isFalse();
        assertThat(job.has("shared")).isFalse();
        assertThat(job.has("exclusive")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void reads_an_accepted_submission_and_its_warnings(Recorded r) throws Exception {
        var adapter = r.adapter();

        SubmitResult hello = parse(adapter.submit(HELLO), r.sample("submit-hello.response.json"));
        SubmitResult warned = parse(adapter.submit(HELLO), r.sample("probe-unknown-field.response.json"));

        assertThat(hello.jobId()).isPositive();
        assertThat(hello.warnings()).isEmpty();
        assertThat(warned.warnings()).singleElement().asString().startsWith("Ignoring unknown field \"no_such_field\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void reads_pending_reason_and_a_cancelled_job(Recorded r) throws Exception {
        var adapter = r.adapter();

        SlurmJob pending = parse(adapter.jobs(null), r.sample("job-get-pending-quota.response.json"))
                .getFirst();
        SlurmJob cancelled = parse(adapter.jobs(null), r.sample("job-get-cancelled.response.json"))
                .getFirst();

        assertThat(pending.state()).isEqualTo(JobState.PENDING);
        assertThat(pending.stateReason()).isEqualTo("AssocGrpCpuLimit");
        assertThat(pending.startTime()).as("not started").isNull();
        assertThat(pending.exitCode()).as("no exit code before the end").isNull();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.exitCode()).isEqualTo(143);
        assertThat(cancelled.standardOutput()).isEqualTo("/tmp/slurm-" + cancelled.jobId() + ".out");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void takes_the_first_state_as_base_and_the_rest_as_flags(Variant variant) throws Exception {
        var adapter = new SlurmV0040PlusAdapter(variant);
        byte[] jobs = """
                {"jobs":[{"job_id":7,"job_state":["CANCELLED","COMPLETING"],
                  "exit_code":{"status":["SIGNALED"],"return_code":{"set":false,"infinite":false,"number":0},
                               "signal":{"id":{"set":true,"infinite":false,"number":9},"name":"KILL"}},
                  "array_job_id":{"set":true,"infinite":false,"number":6},
                  "array_task_id":{"set":true,"infinite":false,"number":1},
                  "time_limit":{"set":true,"infinite":false,"number":30}}]}
                """.getBytes();
        byte[] nodes = """
                {"nodes":[{"name":"n1","state":["IDLE","DRAIN"],"gres":"gpu:a100:4",
                  "gres_used":"gpu:a100:3(IDX:0,2-3)","cpu_load":150}]}
                """.getBytes();

        SlurmJob job = parse(adapter.jobs(null), jobs).getFirst();
        SlurmNode node = parse(adapter.nodes(), nodes).getFirst();

        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.stateFlags()).containsExactly("COMPLETING");
        assertThat(job.exitCode()).isEqualTo(137);
        assertThat(job.arrayJobId()).isEqualTo(6);
        assertThat(job.arrayTaskId()).isEqualTo(1);
        assertThat(job.timeLimitMinutes()).isEqualTo(30);
        assertThat(node.state()).isEqualTo("idle");
        assertThat(node.stateFlags()).containsExactly("DRAIN");
        assertThat(node.gpusTotal()).isEqualTo(4);
        assertThat(node.gpusAllocated()).isEqualTo(3);
        assertThat(node.gpuModel()).isEqualTo("a100");
        assertThat(node.cpuLoad()).isEqualTo(1.5);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void asks_for_changes_since_in_epoch_seconds_and_reads_not_modified_as_no_jobs(Variant variant) {
        var adapter = new SlurmV0040PlusAdapter(variant);

        SlurmCall<List<SlurmJob>> call = adapter.jobs(Instant.parse("2026-11-29T05:00:00.900Z"));

        assertThat(call.path()).isEqualTo("/slurm/" + variant.version() + "/jobs");
        assertThat(call.endpoint()).isEqualTo("/slurm/{v}/jobs");
        assertThat(call.query()).containsEntry("update_time", "1795928400");
        assertThat(call.answersWithoutBody()).containsEntry(304, List.of());
        assertThat(adapter.cancel(5).path()).isEqualTo("/slurm/" + variant.version() + "/job/5");
        assertThat(adapter.cancel(5).method()).isEqualTo("DELETE");
        assertThat(adapter.accountingJob(5).path()).isEqualTo("/slurmdb/" + variant.version() + "/job/5");
    }

    /** Seen live on 24.11 (v0.0.40) and 26.05 (v0.0.43, v0.0.44): a job cancelled before it started. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void accounting_of_a_job_that_never_started_has_no_start_and_no_nodes(Variant variant) throws Exception {
        byte[] body = """
                {"jobs":[{"job_id":6,"name":"probe","state":{"current":["CANCELLED"],"reason":"None"},
                  "time":{"submission":1795927000,"start":4294967294,"end":1795927000,
                          "limit":{"set":true,"infinite":false,"number":5}},
                  "allocation_nodes":0,"nodes":"None assigned"}]}
                """.getBytes();

        SlurmJob job =
                parse(new SlurmV0040PlusAdapter(variant).accountingJob(6), body).orElseThrow();

        assertThat(job.startTime()).as("NO_VAL").isNull();
        assertThat(job.submitTime()).isEqualTo(Instant.ofEpochSecond(1795927000));
        assertThat(job.nodes()).isEmpty();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    }

    /** Recorded live: a known limit of these two versions, kept visible here. */
    @ParameterizedTest
    @EnumSource(
            value = Variant.class,
            names = {"V0040", "V0041"})
    void v0040_and_v0041_do_not_report_a_refused_cancel(Variant variant) throws Exception {
        var r = new Recorded(variant.version(), Recorded.Release.SLURM_24_11);

        assertThat(parse(r.adapter().cancel(1), r.sample("cancel-other-user.response.json")))
                .isTrue();
        assertThat(json.readTree(r.sample("cancel-other-user.response.json")).has("status"))
                .isFalse();
    }

    /** A job array 0-5%2 submitted held, then released, recorded live with each version (c3, c4). */
    static Stream<Recorded> arrays() {
        return Stream.of(
                new Recorded("v0.0.40", Recorded.Release.SLURM_24_11),
                new Recorded("v0.0.41", Recorded.Release.SLURM_24_11),
                new Recorded("v0.0.42", Recorded.Release.SLURM_24_11),
                new Recorded("v0.0.43", Recorded.Release.SLURM_26_05),
                new Recorded("v0.0.44", Recorded.Release.SLURM_26_05),
                new Recorded("v0.0.45", Recorded.Release.SLURM_26_05));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void sends_a_job_array_as_the_array_string_and_nothing_for_a_plain_job(Variant variant) {
        var adapter = new SlurmV0040PlusAdapter(variant);

        JsonNode array =
                json.readTree(adapter.submitBody(HELLO.withArray("0-5%2"))).path("job");
        JsonNode stepped =
                json.readTree(adapter.submitBody(HELLO.withArray("0-10:2,15"))).path("job");

        assertThat(array.path("array").isString()).isTrue();
        assertThat(array.path("array").asString()).isEqualTo("0-5%2");
        assertThat(stepped.path("array").asString()).isEqualTo("0-10:2,15");
        assertThat(json.readTree(adapter.submitBody(HELLO)).path("job").has("array"))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void reads_an_array_whose_tasks_have_not_started_as_one_pending_record(Recorded r) throws Exception {
        List<SlurmJob> jobs = r.adapter().jobs(null).parser().parse(r.sample("array-held.json"));

        assertThat(jobs).hasSize(1);
        SlurmJob held = jobs.getFirst();
        assertThat(held.state()).isEqualTo(JobState.PENDING);
        assertThat(held.stateReason()).isEqualTo("JobHeldUser");
        assertThat(held.arrayJobId()).isEqualTo(held.jobId());
        assertThat(held.arrayTaskId()).as("unset in the number object").isNull();
        assertThat(held.pendingArrayTasks()).isEqualTo("0-5%2");
        assertThat(held.standardOutput())
                .as("Slurm expands %a to NO_VAL here; shown as %a")
                .isEqualTo("/srv/federa/jobs/sweep-record-" + held.jobId() + "_%a.out");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void reads_the_started_tasks_of_an_array_with_their_own_job_ids_and_indices(Recorded r) throws Exception {
        List<SlurmJob> jobs = r.adapter().jobs(null).parser().parse(r.sample("array-split.json"));

        SlurmJob rest =
                jobs.stream().filter(SlurmJob::isPendingArrayTasks).findFirst().orElseThrow();
        long arrayId = rest.jobId();
        assertThat(rest.arrayJobId()).isEqualTo(arrayId);
        assertThat(rest.pendingArrayTasks()).isEqualTo("2-5%2");
        assertThat(rest.stateReason()).isEqualTo("JobArrayTaskLimit");
        assertThat(jobs).hasSize(3);
        assertThat(jobs.stream().filter(j -> j.jobId() != arrayId)).allSatisfy(task -> {
            assertThat(task.state()).isEqualTo(JobState.RUNNING);
            assertThat(task.arrayJobId()).isEqualTo(arrayId);
            assertThat(task.pendingArrayTasks()).isEmpty();
            assertThat(task.standardOutput())
                    .isEqualTo("/srv/federa/jobs/sweep-record-" + arrayId + "_" + task.arrayTaskId() + ".out");
        });
        assertThat(jobs).extracting(SlurmJob::arrayTaskId).containsExactlyInAnyOrder(null, 0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void a_plain_job_is_no_array(Recorded r) throws Exception {
        List<SlurmJob> jobs = r.adapter().jobs(null).parser().parse(r.sample("jobs.json"));

        assertThat(jobs).isNotEmpty().allSatisfy(j -> {
            assertThat(j.arrayJobId()).isNull();
            assertThat(j.arrayTaskId()).isNull();
            assertThat(j.pendingArrayTasks()).isEmpty();
        });
    }

    @Test
    void reads_a_number_object_and_a_plain_number_alike() {
        assertThat(Dto.Num.read(json.readTree("{\"set\":true,\"infinite\":false,\"number\":10}"))
                        .value())
                .isEqualTo(10L);
        assertThat(Dto.Num.read(json.readTree("10")).value()).isEqualTo(10L);
        assertThat(Dto.Num.read(json.readTree("{\"set\":false,\"infinite\":true,\"number\":0}"))
                        .value())
                .isNull();
        assertThat(Dto.Num.read(json.readTree("{\"set\":false,\"infinite\":false,\"number\":0}"))
                        .value())
                .isNull();
    }

    private static SlurmJob byId(List<SlurmJob> jobs, long id) {
        return jobs.stream().filter(j -> j.jobId() == id).findFirst().orElseThrow();
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static List<String> withComment(java.util.Collection<String> keys) {
        var all = new ArrayList<>(keys);
        all.add("comment");
        return all;
    }

    private static <T> T parse(SlurmCall<T> call, byte[] body) throws Exception {
        return call.parser().parse(body);
    }
}
