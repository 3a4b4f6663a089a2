package io.federa.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.federa.identity.CurrentUser;
import io.federa.identity.DirectorySync;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesIT;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfiles;
import io.federa.kubernetes.internal.KubernetesProperties;
import io.federa.kubernetes.standin.StandInControllers;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import io.federa.support.StoredRuns;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The registry, promotions and deployments against the real API server k1 (its InferenceService CRD
 * and schema), PostgreSQL and the directory synced from the real Keycloak. KServe's controller is the
 * stand-in (status Ready with a URL), started for this context's objects only.
 */
@KubernetesIT
@TestPropertySource(properties = {"federa.runs.artifacts.dir=target/federa-test/models-artifacts"})
class ModelsIT {

    static final CurrentUser ALICE =
            CurrentUser.of("sub-alice", "alice", "alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a"));
    /** alice with the approver role as well: she still may not approve her own request. */
    static final CurrentUser ALICE_APPROVER = CurrentUser.of(
            "sub-alice", "alice", "alice", "", Set.of(Roles.DATA_SCIENTIST, Roles.APPROVER), Set.of("team-a"));

    static final CurrentUser BOB =
            CurrentUser.of("sub-bob", "bob", "bob", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-b"));
    static final CurrentUser DAVE = CurrentUser.of("sub-dave", "dave", "dave", "", Set.of(Roles.APPROVER), Set.of());
    static final CurrentUser ERIN = CurrentUser.of("sub-erin", "erin", "erin", "", Set.of(Roles.APPROVER), Set.of());

    static KubernetesTestClusters k8s;
    static StandInControllers standIns;
    static LocalModelServerStandIn modelServer;

    @Autowired
    KubernetesClusters clusters;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    DirectorySync directory;

    @Autowired
    KubernetesProperties kubernetes;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ModelRegistry registry;

    @Autowired
    ModelEnvironments environments;

    @Autowired
    Promotions promotions;

    @Autowired
    Deployments deployments;

    String namespace;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    @AfterAll
    static void stopStandIns() {
        if (standIns != null) {
            standIns.close();
            modelServer.close();
            standIns = null;
        }
    }

    @BeforeEach
    void teamAUsesK1() {
        k8s.registerBoth(clusters);
        PortalPeople.syncDirectory(directory);
        SystemTasks.runAsSystem(() -> {
            access.grant("k1", "team-a");
            return null;
        });
        namespace = profiles.profileName("k1", "team-a");
        if (standIns == null) {
            modelServer = new LocalModelServerStandIn();
            standIns = StandInControllers.start(
                    k8s.admin("k1"), "federa.io/instance=" + kubernetes.instance(), List.of(modelServer));
        }
    }

    // ---- helpers

    /** A finished run of team-a on c1 with params, a final metric, a git commit and model.joblib. */
    String runWithModel(byte[] content) throws Exception {
        String id = "r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        StoredRuns.insert(jdbc, id, "team-a", "COMPLETED");
        jdbc.update("update runs set git_commit = 'abc1234' where id = ?", id);
        jdbc.update("insert into run_params (run_id, key, value, source) values (?, 'C', '0.5', 'submit')", id);
        jdbc.update("insert into run_tags (run_id, key, value) values (?, 'template', 'python-train')", id);
        jdbc.update("insert into run_metrics (run_id, key, step, value, at) values (?, 'accuracy', 1, 0.8, now())", id);
        jdbc.update(
                "insert into run_metrics (run_id, key, step, value, at) values (?, 'accuracy', 9, 0.93, now())", id);
        Path file = Path.of("target/federa-test/models-artifacts/team-a", id, "model.joblib");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        jdbc.update(
                "insert into run_artifacts (run_id, name, size_bytes, sha256, stored_at) values (?, 'model.joblib', ?, ?, now())",
                id,
                content.length,
                sha256(content));
        return id;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    ModelEnvironment environment(
            String name, String cluster, String memory, boolean rollbackWithoutApproval, int approvals) {
        return SystemTasks.runAsSystem(() -> environments.save(new ModelEnvironment(
                name, cluster, "", false, approvals, rollbackWithoutApproval, "100m", memory, 1, 2)));
    }

    ModelEnvironment environment(String name, boolean teamAdminsApprove, int approvals) {
        return SystemTasks.runAsSystem(() -> environments.save(
                new ModelEnvironment(name, "k1", "", teamAdminsApprove, approvals, false, "100m", "256Mi", 1, 2)));
    }

    /** The signed URL with the first digit of its signature changed (to another digit, always). */
    static String forged(String uri) {
        int at = uri.indexOf("sig=") + "sig=".length();
        char first = uri.charAt(at);
        return uri.substring(0, at) + (first == '0' ? '1' : '0') + uri.substring(at + 1);
    }

    /** A version of a new model of team-a, from a run. */
    ModelVersion version(String prefix) throws Exception {
        RegisteredModel model = registry.create(ALICE, "team-a", unique(prefix), "");
        return registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel(("m " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
    }

    /** A member of {@code team} made only by this test (not in Keycloak), a team admin or not. */
    CurrentUser member(String team, boolean teamAdmin) {
        String username = unique("member");
        jdbc.update(
                "insert into team_memberships (team_id, username, since, team_admin) select id, ?, now(), ? from teams where name = ?",
                username,
                teamAdmin,
                team);
        return CurrentUser.of("sub-" + username, username, username, "", Set.of(Roles.DATA_SCIENTIST), Set.of(team));
    }

    void forget(CurrentUser... members) {
        for (CurrentUser m : members) {
            jdbc.update("delete from team_memberships where username = ?", m.username());
        }
    }

    int deploymentsOf(PromotionRequest r) {
        return jdbc.queryForObject(
                "select count(*) from model_deployments where request_id = ?", Integer.class, r.id());
    }

    GenericKubernetesResource isvc(String name) {
        KubernetesClient admin = k8s.admin("k1");
        KubernetesFeature kind = KubernetesFeature.INFERENCE_SERVICES;
        return admin.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                        .withGroup(kind.group())
                        .withVersion(kind.version())
                        .withPlural(kind.plural())
                        .withKind(kind.kind())
                        .withNamespaced(true)
                        .build())
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> predictor(GenericKubernetesResource isvc) {
        return (Map<String, Object>)
                ((Map<String, Object>) isvc.getAdditionalProperties().get("spec")).get("predictor");
    }

    @SuppressWarnings("unchecked")
    static String storageUri(GenericKubernetesResource isvc) {
        return (String) ((Map<String, Object>) predictor(isvc).get("model")).get("storageUri");
    }

    // ---- the tests

    @Test
    void a_version_from_a_run_keeps_its_lineage_and_checksum_and_the_run_lists_it() throws Exception {
        byte[] content = ("model " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String run = runWithModel(content);
        RegisteredModel model = registry.create(ALICE, "team-a", unique("iris"), "Iris classifier");

        ModelVersion v = registry.registerFromRun(ALICE, model.id(), run, "model.joblib", ModelFormat.SKLEARN, "card");

        assertThat(v.version()).isEqualTo(1);
        assertThat(v.runId()).isEqualTo(run);
        assertThat(v.sha256()).isEqualTo(sha256(content));
        assertThat(v.sizeBytes()).isEqualTo(content.length);
        assertThat(v.params()).containsEntry("C", "0.5");
        assertThat(v.metrics()).containsEntry("accuracy", 0.93);
        assertThat(v.template()).isEqualTo("python-train");
        assertThat(v.cluster()).isEqualTo("c1");
        assertThat(v.gitCommit()).isEqualTo("abc1234");
        assertThat(v.format()).isEqualTo(ModelFormat.SKLEARN);
        assertThat(v.modelCard()).isEqualTo("card");
        assertThat(registry.fromRun(ALICE, run)).extracting(ModelVersion::id).containsExactly(v.id());

        // bob (team-b) sees none of it: as if it did not exist
        assertThat(registry.models(BOB)).extracting(RegisteredModel::id).doesNotContain(model.id());
        assertThat(registry.find(BOB, model.id())).isEmpty();
        assertThat(registry.version(BOB, v.id())).isEmpty();
        assertThat(registry.fromRun(BOB, run)).isEmpty();
        assertThatThrownBy(() -> registry.versions(BOB, model.id())).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(
                        () -> registry.registerFromRun(BOB, model.id(), run, "model.joblib", ModelFormat.SKLEARN, ""))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void versions_are_immutable_while_tags_and_aliases_change() throws Exception {
        String run = runWithModel("m".getBytes(StandardCharsets.UTF_8));
        RegisteredModel model = registry.create(ALICE, "team-a", unique("imm"), "");
        ModelVersion v1 = registry.registerFromRun(ALICE, model.id(), run, "model.joblib", ModelFormat.SKLEARN, "");
        ModelVersion v2 = registry.upload(
                ALICE,
                model.id(),
                "model.onnx",
                new java.io.ByteArrayInputStream(new byte[] {1, 2}),
                ModelFormat.ONNX,
                "");

        assertThatThrownBy(() -> jdbc.update("update model_versions set model_card = 'changed' where id = ?", v1.id()))
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.update("update model_versions set artifact_sha256 = 'x' where id = ?", v1.id()))
                .hasMessageContaining("immutable");

        registry.tag(ALICE, v1.id(), "dataset", "iris-2026");
        registry.tag(ALICE, v1.id(), "dataset", "iris-2027");
        registry.alias(ALICE, model.id(), "champion", v1.id());
        assertThat(registry.version(ALICE, v1.id()).orElseThrow().tags()).containsEntry("dataset", "iris-2027");
        assertThat(registry.find(ALICE, model.id()).orElseThrow().aliases()).containsEntry("champion", 1);
        registry.alias(ALICE, model.id(), "champion", v2.id());
        assertThat(registry.find(ALICE, model.id()).orElseThrow().aliases()).containsEntry("champion", 2);
        assertThat(v2.source()).isEqualTo("upload");
        assertThat(v2.runId()).isNull();
    }

    @Test
    void the_requester_never_decides_their_own_request_even_as_an_approver() throws Exception {
        String env = unique("own");
        environment(env, "k1", "256Mi", false, 1);
        String run = runWithModel("m".getBytes(StandardCharsets.UTF_8));
        RegisteredModel model = registry.create(ALICE, "team-a", unique("own"), "");
        ModelVersion v = registry.registerFromRun(ALICE, model.id(), run, "model.joblib", ModelFormat.SKLEARN, "");
        PromotionRequest r = promotions.request(ALICE_APPROVER, v.id(), env, "please", false);

        assertThat(promotions.mayDecide(ALICE_APPROVER, r)).isFalse();
        assertThat(promotions.queue(ALICE_APPROVER))
                .extracting(PromotionRequest::id)
                .doesNotContain(r.id());
        assertThatThrownBy(() -> promotions.approve(ALICE_APPROVER, r.id(), "me"))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> promotions.approve(ALICE, r.id(), "me")).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> promotions.approve(BOB, r.id(), "not mine"))
                .isInstanceOf(ModelNotFoundException.class);
        assertThat(promotions.find(ALICE, r.id()).orElseThrow().state()).isEqualTo(PromotionState.PENDING);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> jdbc.queryForObject(
                                "select count(*) from audit_entries where action = 'promotion.approved' and outcome = 'REFUSED' and resource_id = ?",
                                Integer.class,
                                Long.toString(r.id())),
                        n -> n == 2);

        // dave sees it in his queue and may decide; rejecting needs a reason, and then it is final
        assertThat(promotions.queue(DAVE)).extracting(PromotionRequest::id).contains(r.id());
        PromotionRequest rejected = promotions.reject(DAVE, r.id(), "metrics too low");
        assertThat(rejected.state()).isEqualTo(PromotionState.REJECTED);
        assertThat(rejected.decisions())
                .singleElement()
                .satisfies(d -> assertThat(d.comment()).isEqualTo("metrics too low"));
        assertThatThrownBy(() -> promotions.approve(ERIN, r.id(), "")).isInstanceOf(PromotionConflictException.class);
        assertThatThrownBy(() -> promotions.withdraw(ALICE, r.id())).isInstanceOf(PromotionConflictException.class);
        assertThatThrownBy(() -> jdbc.update("update promotion_requests set state = 'APPROVED' where id = ?", r.id()))
                .hasMessageContaining("immutable");
    }

    @Test
    void two_approvers_at_once_make_one_deployment() throws Exception {
        String env = unique("race");
        environment(env, "k1", "256Mi", false, 1);
        String run = runWithModel("m".getBytes(StandardCharsets.UTF_8));
        RegisteredModel model = registry.create(ALICE, "team-a", unique("race"), "");
        ModelVersion v = registry.registerFromRun(ALICE, model.id(), run, "model.joblib", ModelFormat.SKLEARN, "");
        PromotionRequest r = promotions.request(ALICE, v.id(), env, "ship it", false);

        var barrier = new CyclicBarrier(2);
        var outcomes = new ArrayList<Future<String>>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (CurrentUser approver : List.of(DAVE, ERIN)) {
                Callable<String> approve = () -> {
                    barrier.await();
                    try {
                        return promotions
                                .approve(approver, r.id(), "ok")
                                .state()
                                .name();
                    } catch (PromotionConflictException e) {
                        return "CONFLICT";
                    }
                };
                outcomes.add(pool.submit(approve));
            }
            var results = new ArrayList<String>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).containsExactlyInAnyOrder("APPROVED", "CONFLICT");
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from model_deployments where request_id = ?", Integer.class, r.id()))
                .isEqualTo(1);
        assertThat(promotions.find(ALICE, r.id()).orElseThrow().decisions()).hasSize(1);
    }

    @Test
    void an_approved_request_writes_the_inference_service_and_canary_promote_and_rollback_are_history()
            throws Exception {
        String env = unique("prod");
        environment(env, "k1", "256Mi", true, 1);
        byte[] first = ("first " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        RegisteredModel model = registry.create(ALICE, "team-a", unique("iris"), "");
        ModelVersion v1 = registry.registerFromRun(
                ALICE, model.id(), runWithModel(first), "model.joblib", ModelFormat.SKLEARN, "");
        PromotionRequest r1 = promotions.request(ALICE, v1.id(), env, "first model", true);
        assertThat(promotions.approve(DAVE, r1.id(), "looks good").state()).isEqualTo(PromotionState.APPROVED);

        String name = model.name() + "-" + env;
        GenericKubernetesResource isvc = isvc(name);
        assertThat(isvc).isNotNull();
        assertThat(isvc.getMetadata().getLabels()).containsEntry("federa.io/team", "team-a");
        Map<String, Object> predictor = predictor(isvc);
        assertThat(predictor).containsEntry("minReplicas", 1).containsEntry("maxReplicas", 2);
        assertThat(predictor).doesNotContainKey("canaryTrafficPercent"); // nothing served before: no canary
        assertThat(predictor.get("model").toString()).contains("name=sklearn").contains("memory=256Mi");

        // the storageUri is a signed portal URL that serves the file without a session; tampering: 404
        HttpClient http = HttpClient.newHttpClient();
        String uri = storageUri(isvc);
        HttpResponse<byte[]> file =
                http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(first);
        HttpResponse<byte[]> forged = http.send(
                HttpRequest.newBuilder(URI.create(forged(uri))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(forged.statusCode()).isEqualTo(404);

        // the stand-in writes KServe's status; the portal reads it from its watch mirror
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deployments.status(ALICE, model.id(), env).ready());
        ServingStatus status = deployments.status(ALICE, model.id(), env);
        assertThat(status.url()).isEqualTo(modelServer.url());
        assertThat(modelServer.loadedSha(name)).isEqualTo(sha256(first)); // it fetched the signed URL
        assertThat(status.predictorReady()).isTrue();
        assertThat(deployments.status(ALICE, model.id(), env).problem()).isNull();
        assertThatThrownBy(() -> deployments.status(BOB, model.id(), env)).isInstanceOf(ModelNotFoundException.class);

        // a second version goes canary first (10 %), then to 100 %
        ModelVersion v2 = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("second".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        PromotionRequest r2 = promotions.request(ALICE, v2.id(), env, "better accuracy", true);
        promotions.approve(DAVE, r2.id(), "canary first");
        assertThat(predictor(isvc(name))).containsEntry("canaryTrafficPercent", 10);
        assertThat(storageUri(isvc(name))).contains("/model-files/" + v2.id() + "/");
        Deployment promoted = deployments.promoteCanary(ALICE, model.id(), env);
        assertThat(promoted.trafficPercent()).isEqualTo(100);
        assertThat(predictor(isvc(name))).doesNotContainKey("canaryTrafficPercent");
        assertThatThrownBy(() -> registry.delete(ALICE, v2.id())).isInstanceOf(PromotionConflictException.class);

        // rollback in one step (this environment allows it without approval), recorded as a deployment
        Deployment back = deployments
                .rollback(ALICE, model.id(), env, v1.id(), "v2 misbehaves")
                .orElseThrow();
        assertThat(back.step()).isEqualTo("ROLLBACK");
        assertThat(storageUri(isvc(name))).contains("/model-files/" + v1.id() + "/");
        assertThat(deployments.history(ALICE, model.id(), env))
                .extracting(d -> d.step() + " v" + d.version() + " " + d.trafficPercent() + " by " + d.requestedBy()
                        + " approved " + d.approvedBy())
                .containsExactly(
                        "ROLLBACK v1 100 by alice approved null",
                        "PROMOTE_CANARY v2 100 by alice approved dave",
                        "CANARY v2 10 by alice approved dave",
                        "DEPLOY v1 100 by alice approved dave");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> jdbc.queryForObject(
                                "select count(*) from audit_entries where action = 'model.deployed' and team = 'team-a' and after::text like ?",
                                Integer.class,
                                "%" + name + "%"),
                        n -> n == 4);
    }

    @Test
    void a_rollback_needs_approval_where_the_environment_says_so() throws Exception {
        String env = unique("strict");
        environment(env, "k1", "256Mi", false, 1);
        RegisteredModel model = registry.create(ALICE, "team-a", unique("rb"), "");
        ModelVersion v1 = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("a".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        ModelVersion v2 = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("b".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        for (ModelVersion v : List.of(v1, v2)) {
            PromotionRequest approved = promotions.approve(
                    DAVE,
                    promotions.request(ALICE, v.id(), env, v.label(), false).id(),
                    "ok");
            assertThat(approved.state()).as(approved.reason()).isEqualTo(PromotionState.APPROVED);
        }

        assertThat(deployments.rollback(ALICE, model.id(), env, v1.id(), "back please"))
                .isEmpty();
        PromotionRequest rollback = promotions.queue(DAVE).stream()
                .filter(r -> r.modelId() == model.id())
                .findFirst()
                .orElseThrow();
        assertThat(rollback.kind()).isEqualTo("ROLLBACK");
        assertThat(deployments.current(ALICE, model.id(), env).orElseThrow().version())
                .isEqualTo(2);
        promotions.approve(DAVE, rollback.id(), "ok");
        assertThat(deployments.current(ALICE, model.id(), env).orElseThrow().step())
                .isEqualTo("ROLLBACK");
        assertThat(deployments.current(ALICE, model.id(), env).orElseThrow().version())
                .isEqualTo(1);
    }

    @Test
    void a_schema_invalid_inference_service_is_refused_shown_and_not_retried() throws Exception {
        String env = unique("bad");
        environment(env, "k1", "lots", false, 1); // not a Kubernetes quantity: the CRD's pattern refuses it
        RegisteredModel model = registry.create(ALICE, "team-a", unique("bad"), "");
        ModelVersion v = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("a".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        PromotionRequest r = promotions.request(ALICE, v.id(), env, "try", false);

        PromotionRequest after = promotions.approve(DAVE, r.id(), "ok");

        assertThat(after.state()).isEqualTo(PromotionState.FAILED);
        assertThat(after.reason()).contains("HTTP 422").contains("memory").contains("Nothing was deployed");
        assertThat(isvc(model.name() + "-" + env)).isNull();
        assertThat(deployments.history(ALICE, model.id(), env)).isEmpty();
        // final: nothing tries again
        assertThatThrownBy(() -> promotions.approve(ERIN, r.id(), "again"))
                .isInstanceOf(PromotionConflictException.class);
    }

    @Test
    void a_deleted_version_or_an_unreachable_cluster_fails_the_request_with_nothing_half_done() throws Exception {
        String env = unique("del");
        environment(env, "k1", "256Mi", false, 1);
        RegisteredModel model = registry.create(ALICE, "team-a", unique("del"), "");
        ModelVersion v = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("a".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        PromotionRequest r = promotions.request(ALICE, v.id(), env, "try", false);
        registry.delete(ALICE, v.id());

        PromotionRequest failed = promotions.approve(DAVE, r.id(), "ok");
        assertThat(failed.state()).isEqualTo(PromotionState.FAILED);
        assertThat(failed.reason()).contains("was deleted");
        assertThat(isvc(model.name() + "-" + env)).isNull();

        String down = unique("down");
        environment(down, "k-missing", "256Mi", false, 1);
        ModelVersion v2 = registry.registerFromRun(
                ALICE,
                model.id(),
                runWithModel("b".getBytes(StandardCharsets.UTF_8)),
                "model.joblib",
                ModelFormat.SKLEARN,
                "");
        PromotionRequest r2 = promotions.request(ALICE, v2.id(), down, "try", false);
        PromotionRequest failed2 = promotions.approve(DAVE, r2.id(), "ok");
        assertThat(failed2.state()).isEqualTo(PromotionState.FAILED);
        assertThat(failed2.reason()).contains("cannot be reached").contains("k-missing");
        assertThat(jdbc.queryForObject(
                        "select count(*) from model_deployments where model_id = ?", Integer.class, model.id()))
                .isZero();
    }

    @Test
    void a_registered_cluster_that_is_down_fails_the_request_once_naming_the_cluster() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // nothing listens there once it is closed
        }
        String cluster = "kd" + UUID.randomUUID().toString().substring(0, 6);
        String pattern = KubernetesTestClusters.uniquePattern();
        SystemTasks.runAsSystem(() -> {
            clusters.register(new KubernetesClusterSettings(
                    cluster,
                    URI.create("https://127.0.0.1:" + closedPort),
                    k8s.caPem("k1"),
                    new KubernetesCredentials.BearerToken(k8s.token("k1")),
                    null,
                    pattern));
            return null;
        });
        try {
            String env = unique("down");
            SystemTasks.runAsSystem(() -> environments.save(
                    new ModelEnvironment(env, cluster, pattern, false, 1, false, "100m", "256Mi", 1, 2)));
            ModelVersion v = version("down");
            PromotionRequest r = promotions.request(ALICE, v.id(), env, "try", false);

            long started = System.nanoTime();
            PromotionRequest failed = promotions.approve(DAVE, r.id(), "ok");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(failed.state()).isEqualTo(PromotionState.FAILED);
            assertThat(failed.reason())
                    .contains("Kubernetes cluster " + cluster + " is unavailable")
                    .contains("cannot be reached")
                    .contains("Nothing was deployed");
            assertThat(took).as("one attempt, not a retry loop").isLessThan(Duration.ofSeconds(30));
            assertThat(deploymentsOf(r)).isZero();
            assertThat(deployments.history(ALICE, v.modelId(), env)).isEmpty();
            assertThat(isvc(v.model() + "-" + env)).isNull();
            // final: no second attempt, neither by another approver nor in the background
            assertThatThrownBy(() -> promotions.approve(ERIN, r.id(), "again"))
                    .isInstanceOf(PromotionConflictException.class);
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> jdbc.queryForObject(
                                    "select count(*) from audit_entries where action = 'promotion.deployed' and outcome = 'FAILED' and resource_id = ?",
                                    Integer.class,
                                    Long.toString(r.id())),
                            n -> n == 1);
            assertThat(promotions.find(ALICE, r.id()).orElseThrow().state()).isEqualTo(PromotionState.FAILED);
            assertThat(deploymentsOf(r)).isZero();
        } finally {
            SystemTasks.runAsSystem(() -> {
                clusters.setEnabled(cluster, false); // the health poller stops calling it
                return null;
            });
        }
    }

    @Test
    void two_approvals_needed_one_keeps_it_pending_the_second_approver_deploys_and_nobody_approves_twice()
            throws Exception {
        String env = unique("two");
        environment(env, false, 2);
        ModelVersion v = version("two");
        PromotionRequest r = promotions.request(ALICE, v.id(), env, "needs two", false);

        PromotionRequest afterDave = promotions.approve(DAVE, r.id(), "first look");

        assertThat(afterDave.state()).isEqualTo(PromotionState.PENDING);
        assertThat(afterDave.decisions())
                .extracting(PromotionRequest.Decision::by)
                .containsExactly("dave");
        assertThat(deploymentsOf(r)).isZero();
        assertThat(isvc(v.model() + "-" + env)).isNull();
        // dave cannot be the second approval
        assertThat(promotions.mayDecide(DAVE, afterDave)).isFalse();
        assertThat(promotions.queue(DAVE)).extracting(PromotionRequest::id).doesNotContain(r.id());
        assertThatThrownBy(() -> promotions.approve(DAVE, r.id(), "again"))
                .isInstanceOf(PromotionConflictException.class);
        assertThat(promotions.find(ALICE, r.id()).orElseThrow().decisions()).hasSize(1);
        assertThat(deploymentsOf(r)).isZero();

        assertThat(promotions.queue(ERIN)).extracting(PromotionRequest::id).contains(r.id());
        PromotionRequest afterErin = promotions.approve(ERIN, r.id(), "second look");

        assertThat(afterErin.state()).isEqualTo(PromotionState.APPROVED);
        assertThat(deploymentsOf(r)).isEqualTo(1);
        assertThat(deployments.current(ALICE, v.modelId(), env).orElseThrow().approvedBy())
                .isEqualTo("dave, erin");
        assertThat(isvc(v.model() + "-" + env)).isNotNull();
    }

    @Test
    void team_admins_approve_only_where_the_environment_allows_it_and_only_for_their_own_team() throws Exception {
        CurrentUser teamAdmin = member("team-a", true);
        CurrentUser teamMate = member("team-a", false);
        CurrentUser otherTeamAdmin = member("team-b", true);
        try {
            String strict = unique("noadm");
            environment(strict, false, 1);
            PromotionRequest notAllowed =
                    promotions.request(ALICE, version("noadm").id(), strict, "please", false);

            assertThat(promotions.mayDecide(teamAdmin, notAllowed)).isFalse();
            assertThat(promotions.queue(teamAdmin))
                    .extracting(PromotionRequest::id)
                    .doesNotContain(notAllowed.id());
            assertThatThrownBy(() -> promotions.approve(teamAdmin, notAllowed.id(), "ok"))
                    .isInstanceOf(NotAllowedException.class);
            assertThat(deploymentsOf(notAllowed)).isZero();

            String lenient = unique("adm");
            environment(lenient, true, 1);
            PromotionRequest allowed = promotions.request(ALICE, version("adm").id(), lenient, "please", false);

            // a plain team mate is no approver, another team's admin does not even see it
            assertThatThrownBy(() -> promotions.approve(teamMate, allowed.id(), "ok"))
                    .isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> promotions.approve(otherTeamAdmin, allowed.id(), "ok"))
                    .isInstanceOf(ModelNotFoundException.class);
            assertThat(promotions.queue(otherTeamAdmin))
                    .extracting(PromotionRequest::id)
                    .doesNotContain(allowed.id());
            assertThat(deploymentsOf(allowed)).isZero();

            assertThat(promotions.queue(teamAdmin))
                    .extracting(PromotionRequest::id)
                    .contains(allowed.id());
            assertThat(promotions.approve(teamAdmin, allowed.id(), "ok").state())
                    .isEqualTo(PromotionState.APPROVED);
            assertThat(deploymentsOf(allowed)).isEqualTo(1);
            assertThat(promotions.find(ALICE, notAllowed.id()).orElseThrow().state())
                    .isEqualTo(PromotionState.PENDING);
        } finally {
            forget(teamAdmin, teamMate, otherTeamAdmin);
        }
    }

    @Test
    void only_the_requester_withdraws_a_pending_request_and_then_nobody_approves_it() throws Exception {
        CurrentUser teamMate = member("team-a", false);
        try {
            String env = unique("wd");
            environment(env, false, 1);
            PromotionRequest r = promotions.request(ALICE, version("wd").id(), env, "maybe", false);

            // an approver and a team mate see it but may not withdraw it (403); another team: 404
            assertThatThrownBy(() -> promotions.withdraw(DAVE, r.id()))
                    .isInstanceOf(NotAllowedException.class)
                    .satisfies(e -> assertThat(((NotAllowedException) e).problemStatus())
                            .isEqualTo(403));
            assertThatThrownBy(() -> promotions.withdraw(teamMate, r.id())).isInstanceOf(NotAllowedException.class);
            assertThatThrownBy(() -> promotions.withdraw(BOB, r.id()))
                    .isInstanceOf(ModelNotFoundException.class)
                    .satisfies(e -> assertThat(((ModelNotFoundException) e).problemStatus())
                            .isEqualTo(404));
            assertThat(promotions.find(ALICE, r.id()).orElseThrow().state()).isEqualTo(PromotionState.PENDING);

            assertThat(promotions.withdraw(ALICE, r.id()).state()).isEqualTo(PromotionState.WITHDRAWN);

            assertThat(promotions.queue(DAVE)).extracting(PromotionRequest::id).doesNotContain(r.id());
            assertThatThrownBy(() -> promotions.approve(DAVE, r.id(), "too late"))
                    .isInstanceOf(PromotionConflictException.class)
                    .satisfies(e -> assertThat(((PromotionConflictException) e).problemStatus())
                            .isEqualTo(409));
            assertThatThrownBy(() -> promotions.reject(DAVE, r.id(), "too late"))
                    .isInstanceOf(PromotionConflictException.class);
            assertThatThrownBy(() -> promotions.withdraw(ALICE, r.id())).isInstanceOf(PromotionConflictException.class);
            assertThat(deploymentsOf(r)).isZero();
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> jdbc.queryForObject(
                                    "select count(*) from audit_entries where action = 'promotion.withdrawn' and resource_id = ? and outcome = 'REFUSED'",
                                    Integer.class,
                                    Long.toString(r.id())),
                            n -> n == 2);
        } finally {
            forget(teamMate);
        }
    }
}
