package io.federa.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.federa.identity.CurrentUser;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesIT;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfiles;
import io.federa.kubernetes.internal.KubernetesProperties;
import io.federa.kubernetes.standin.StandInControllers;
import io.federa.notebooks.internal.proxy.NotebookUpstreams;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.QuotaExceededException;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import io.federa.support.QuotaRace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notebooks on the real Kubernetes API server k1: a Kubeflow {@code Notebook} as the spawner writes
 * it, state from the watch mirror (Kubeflow's notebook-controller played by the stand-in), stop with
 * Kubeflow's annotation, start again, delete; a bad image fails with the reason and gives the quota
 * place back; one person's 20 concurrent starts against a per-person limit of 2; who may open it; a
 * cluster that gives no answer leaves the start waiting, not failed.
 */
@KubernetesIT
@TestPropertySource(
        properties = {
            "federa.notebooks.follow-interval=500ms",
            "federa.notebooks.launch-retry-after=2s",
            "federa.notebooks.launch-patience=45s"
        })
class NotebooksKubernetesIT {

    static KubernetesTestClusters k8s;
    static StandInControllers standIns;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    KubernetesProperties kubernetesProperties;

    @Autowired
    Notebooks notebooks;

    @Autowired
    NotebookCatalog catalog;

    @Autowired
    NotebookQuotas quotas;

    @Autowired
    NotebookUpstreams notebookAccess;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    String team;
    CurrentUser owner;
    CurrentUser mate;
    CurrentUser admin;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    @AfterAll
    static void stopStandIns() {
        if (standIns != null) {
            standIns.close();
        }
    }

    @BeforeEach
    void aTeamOnK1WithImages() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        team = "nbk-" + suffix;
        owner = person("ann-" + suffix, Roles.DATA_SCIENTIST);
        mate = person("ben-" + suffix, Roles.DATA_SCIENTIST);
        admin = CurrentUser.of("sub-root", "root-" + suffix, "root", "", Set.of(Roles.PORTAL_ADMIN), Set.of());
        PortalPeople.loggedIn(events, tx, owner.username(), Set.of(team));
        PortalPeople.loggedIn(events, tx, mate.username(), Set.of(team));
        k8s.registerBoth(registry);
        if (standIns == null) {
            startStandIns();
        }
        SystemTasks.runAsSystem(() -> {
            access.grant("k1", team);
            catalog.save(new NotebookImage(NotebookKind.KUBERNETES, "minimal", "jupyter/minimal:1", "plain Jupyter"));
            catalog.save(new NotebookImage(
                    NotebookKind.KUBERNETES, "missing", "registry.invalid/jupyter/none:1", "cannot be pulled"));
            return null;
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.overview().stream()
                        .anyMatch(c ->
                                c.name().equals("k1") && c.health().features().contains(KubernetesFeature.NOTEBOOKS)));
    }

    void startStandIns() {
        standIns = StandInControllers.start(
                k8s.admin("k1"),
                FederaLabels.MANAGED_BY + "=" + FederaLabels.MANAGED_BY_VALUE + "," + FederaLabels.INSTANCE + "="
                        + kubernetesProperties.instance(),
                StandInControllers.all());
    }

    /** Starts k1's API server again, and the stand-ins with fresh watches (no reconnect back-off to wait for). */
    void startK1Again() {
        k8s.apiServer("start", "k1");
        standIns.close();
        startStandIns();
    }

    static CurrentUser person(String name, String role) {
        return CurrentUser.of("sub-" + name, name, name, "", Set.of(role), Set.of());
    }

    NotebookRequest request(String image) {
        return new NotebookRequest(team, NotebookKind.KUBERNETES, "k1", image, 2, 4096, 0, null, 30);
    }

    Notebook awaitState(String id, NotebookState state) {
        return awaitState(id, state, Duration.ofSeconds(30));
    }

    /** Waits for {@code state}; a failure names the state and reason the notebook had instead. */
    Notebook awaitState(String id, NotebookState state, Duration atMost) {
        await().atMost(atMost)
                .alias(id + " to be " + state)
                .until(
                        () -> {
                            Notebook n = notebooks.find(owner, id);
                            return n.state() + ": " + n.reason();
                        },
                        s -> s.startsWith(state + ": "));
        return notebooks.find(owner, id);
    }

    GenericKubernetesResource onCluster(Notebook n) {
        try (KubernetesClient client = k8s.admin("k1")) {
            return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                            .withGroup("kubeflow.org")
                            .withVersion("v1")
                            .withPlural("notebooks")
                            .withKind("Notebook")
                            .withNamespaced(true)
                            .build())
                    .inNamespace(n.namespace())
                    .withName(n.id())
                    .get();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(GenericKubernetesResource nb) {
        var spec = (Map<String, Object>) nb.getAdditionalProperties().get("spec");
        var template = (Map<String, Object>) spec.get("template");
        var pod = (Map<String, Object>) template.get("spec");
        return ((List<Map<String, Object>>) pod.get("containers")).getFirst();
    }

    @Test
    void a_notebook_is_a_kubeflow_notebook_that_starts_stops_keeping_its_volume_starts_again_and_is_deleted() {
        Notebook n = notebooks.start(owner, request("minimal"));
        String namespace = profiles.profileName("k1", team);
        assertThat(n.namespace()).isEqualTo(namespace);
        assertThat(n.upstream()).hasToString("http://127.0.0.1:8081/notebook/" + namespace + "/" + n.id() + "/");

        GenericKubernetesResource nb = onCluster(n);
        assertThat(nb.getMetadata().getLabels())
                .containsEntry(FederaLabels.TEAM, team)
                .containsEntry(FederaLabels.OWNER, owner.username())
                .containsEntry(FederaLabels.MANAGED_BY, FederaLabels.MANAGED_BY_VALUE);
        assertThat(nb.getMetadata().getAnnotations()).containsKey("notebooks.kubeflow.org/last-activity");
        Map<String, Object> container = container(nb);
        assertThat(container).containsEntry("image", "jupyter/minimal:1");
        assertThat(container.get("resources"))
                .isEqualTo(Map.of(
                        "requests", Map.of("cpu", "2", "memory", "4096Mi"),
                        "limits", Map.of("cpu", "2", "memory", "4096Mi")));
        assertThat(container.get("env").toString())
                .contains("NB_PREFIX", "/notebook/" + namespace + "/" + n.id())
                .contains("JUPYTER_TOKEN");
        Notebook ready = awaitState(n.id(), NotebookState.READY);
        assertThat(ready.startedAt()).isNotNull();
        assertThat(quotas.openBy(team, owner.username())).isEqualTo(1);
        // the token on the cluster is the one the proxy gets
        var answer = (NotebookUpstreams.Open) notebookAccess.resolve(n.id(), owner);
        assertThat(answer.base()).isEqualTo(ready.upstream());
        assertThat(container.get("env").toString()).contains(answer.token());

        notebooks.stop(owner, n.id());
        assertThat(onCluster(n).getMetadata().getAnnotations()).containsKey("kubeflow-resource-stopped");
        Notebook stopped = awaitState(n.id(), NotebookState.STOPPED);
        assertThat(stopped.reason()).contains("volume stays");
        assertThat(quotas.openBy(team, owner.username())).isZero();
        assertThat(onCluster(n)).as("stopped, not deleted").isNotNull();

        notebooks.startAgain(owner, n.id());
        assertThat(onCluster(n).getMetadata().getAnnotations()).doesNotContainKey("kubeflow-resource-stopped");
        awaitState(n.id(), NotebookState.READY);
        assertThat(quotas.openBy(team, owner.username())).isEqualTo(1);

        notebooks.delete(owner, n.id());
        assertThat(onCluster(n)).isNull();
        assertThatThrownBy(() -> notebooks.find(owner, n.id())).isInstanceOf(NotebookNotFoundException.class);
        assertThat(quotas.openBy(team, owner.username())).isZero();

        // audited (after the commit, by the audit module's listener), never with the token
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                jdbc.sql("select action from audit_entries where resource_id = :id order by seq")
                                        .param("id", n.id())
                                        .query(String.class)
                                        .list())
                        .contains("notebook.started", "notebook.stopped", "notebook.restarted", "notebook.deleted"));
        assertThat(jdbc.sql("select count(*) from audit_entries where team = :team and"
                                + " (reason like :token or before::text like :token or after::text like :token)")
                        .param("team", team)
                        .param("token", "%" + answer.token() + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void a_start_while_the_api_server_gives_no_answer_waits_and_the_notebook_starts_when_it_answers_again() {
        Notebook waiting;
        Notebook stoppedWhileWaiting;
        k8s.apiServer("stop", "k1");
        try {
            waiting = notebooks.start(owner, request("minimal"));
            assertThat(waiting.state()).isEqualTo(NotebookState.REQUESTED);
            assertThat(waiting.reason()).startsWith("No answer from k1 yet; the portal asks again.");
            assertThat(quotas.openBy(team, owner.username()))
                    .as("its quota place is kept")
                    .isEqualTo(1);

            stoppedWhileWaiting = notebooks.start(owner, request("minimal"));
            notebooks.stop(owner, stoppedWhileWaiting.id());
            // no answer to the stop either: the follower confirms it once the cluster answers
            assertThat(notebooks.find(owner, stoppedWhileWaiting.id()).state()).isEqualTo(NotebookState.STOPPING);
            // the follower keeps asking (every 2 s here): still waiting, with the latest reason
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> notebooks.find(owner, waiting.id()).state() == NotebookState.REQUESTED);
        } finally {
            startK1Again();
        }
        // the circuit breaker may stay open for its 10 s after the failed calls
        awaitState(waiting.id(), NotebookState.READY, Duration.ofSeconds(60));
        assertThat(onCluster(waiting)).isNotNull();
        Notebook stopped = awaitState(stoppedWhileWaiting.id(), NotebookState.STOPPED, Duration.ofSeconds(60));
        assertThat(stopped.reason()).isEqualTo("Stopped; k1 has no server of it.");
        assertThat(onCluster(stopped)).as("never created").isNull();
        assertThat(quotas.openBy(team, owner.username())).isEqualTo(1);
        notebooks.delete(owner, waiting.id());
    }

    @Test
    void a_start_that_gets_no_answer_within_the_patience_fails_with_the_last_answer_and_gives_the_quota_place_back() {
        Notebook n;
        k8s.apiServer("stop", "k1");
        try {
            n = notebooks.start(owner, request("minimal"));
            assertThat(n.state()).isEqualTo(NotebookState.REQUESTED);
            Notebook failed = awaitState(n.id(), NotebookState.FAILED, Duration.ofSeconds(75));
            assertThat(failed.reason())
                    .startsWith("k1 gave no answer within 45 seconds; start the notebook again later. The last try: "
                            + "Kubernetes cluster k1 is unavailable");
            assertThat(quotas.openBy(team, owner.username())).isZero();
        } finally {
            startK1Again();
        }
        // the follower leaves a failed notebook alone: nothing appears on the cluster once it answers
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> notebooks.find(owner, n.id()).state() == NotebookState.FAILED);
        assertThat(onCluster(n)).isNull();
    }

    @Test
    void an_image_that_cannot_be_pulled_fails_with_kubeflows_reason_and_gives_the_quota_place_back() {
        Notebook n = notebooks.start(owner, request("missing"));
        Notebook failed = awaitState(n.id(), NotebookState.FAILED);
        assertThat(failed.reason())
                .startsWith("The image could not be pulled (ImagePullBackOff)")
                .contains("registry.invalid/jupyter/none:1", "no such host");
        assertThat(quotas.openBy(team, owner.username())).isZero();
        // no endless pulls: stopped as Kubeflow stops it, the workspace stays
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Objects.requireNonNullElse(
                                onCluster(n).getMetadata().getAnnotations(), Map.of())
                        .containsKey("kubeflow-resource-stopped"));
    }

    @Test
    void twenty_concurrent_starts_by_one_person_against_a_limit_of_two_start_exactly_two() throws Exception {
        SystemTasks.runAsSystem(() -> {
            quotas.setTeamLimits(team, new NotebookLimits(2, null));
            return null;
        });
        var refusals = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        int passed = QuotaRace.passed(20, i -> () -> {
            try {
                notebooks.start(owner, request("minimal"));
            } catch (QuotaExceededException e) {
                refusals.add(e.getMessage());
                throw e;
            }
        });
        assertThat(passed).isEqualTo(2);
        assertThat(refusals)
                .hasSize(18)
                .allSatisfy(m -> assertThat(m).contains("one person may have 2 notebook(s) open at once"));
        assertThat(jdbc.sql("select count(*) from notebooks where team = :team")
                        .param("team", team)
                        .query(Integer.class)
                        .single())
                .as("a refused start leaves nothing behind")
                .isEqualTo(2);
        assertThat(notebooks.visible(owner)).hasSize(2);
    }

    @Test
    void only_the_owner_opens_a_notebook_a_team_mate_is_told_it_does_not_exist_an_admin_is_refused_unless_shared() {
        Notebook n = notebooks.start(owner, request("minimal"));
        awaitState(n.id(), NotebookState.READY);

        assertThat(notebookAccess.resolve(n.id(), owner)).isInstanceOf(NotebookUpstreams.Open.class);
        assertThat(notebookAccess.resolve(n.id(), mate)).isInstanceOf(NotebookUpstreams.NotFound.class);
        assertThat(notebookAccess.resolve("nb-doesnotexist", owner)).isInstanceOf(NotebookUpstreams.NotFound.class);
        assertThatThrownBy(() -> notebooks.find(mate, n.id())).isInstanceOf(NotebookNotFoundException.class);
        assertThatThrownBy(() -> notebooks.stop(mate, n.id())).isInstanceOf(NotebookNotFoundException.class);
        assertThat(notebooks.visible(mate)).extracting(Notebook::id).doesNotContain(n.id());

        assertThat(notebooks.visible(admin)).extracting(Notebook::id).contains(n.id());
        assertThat(notebookAccess.resolve(n.id(), admin)).isInstanceOf(NotebookUpstreams.Forbidden.class);
        notebooks.share(owner, n.id(), true);
        assertThat(notebookAccess.resolve(n.id(), admin)).isInstanceOf(NotebookUpstreams.Open.class);
        assertThat(notebookAccess.resolve(n.id(), mate)).isInstanceOf(NotebookUpstreams.NotFound.class);
        notebooks.delete(owner, n.id());
    }
}
