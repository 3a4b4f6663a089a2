package io.federa.models;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.RequestOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.federa.access.PersonSlurmUsers;
import io.federa.identity.DirectorySync;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfiles;
import io.federa.kubernetes.internal.KubernetesProperties;
import io.federa.kubernetes.standin.InferenceServiceStandIn;
import io.federa.kubernetes.standin.StandInControllers;
import io.federa.runs.Run;
import io.federa.runs.RunState;
import io.federa.runs.Runs;
import io.federa.shared.SystemTasks;
import io.federa.submission.RunRequest;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15's acceptance in a real browser (real Keycloak logins, alice's runs on the real c1, the real
 * API server k1): a run's file becomes a model version on the run page; alice requests production and
 * cannot approve it herself (no button; a crafted call is refused); dave approves from his landing
 * page with a comment; the InferenceService appears on the API server with the spec; the page shows
 * Ready and the URL; "Try it" answers through the portal; a second version goes canary at 10 %, then
 * 100 %; a rollback (approved: production requires it) brings the first back; the history lists it
 * all with who. The model is trained by the "Train a scikit-learn model" template; KServe and the model
 * server are the serving work's stand-in (a real scikit-learn v2 model server that fetches the signed
 * storageUri, and a router with the canary split).
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/e2e-model-artifacts",
            "federa.kubernetes.health-interval=2s",
            "federa.kubernetes.profile-sync-interval=2s"
        })
class ModelPromotionEndToEndIT extends PortalWithClusters {

    private static final LocatorAssertions.ContainsTextOptions SOON =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static KubernetesTestClusters k8s;
    static InferenceServiceStandIn modelServer;
    static StandInControllers standIns;

    @Autowired
    KubernetesClusters kubernetesClusters;

    @Autowired
    TeamKubernetesAccess kubernetesAccess;

    @Autowired
    TeamProfiles profiles;

    @Autowired
    KubernetesProperties kubernetes;

    @Autowired
    ModelEnvironments environments;

    @Autowired
    Runs runs;

    @Autowired
    DirectorySync directory;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @BeforeAll
    static void realApiServer() {
        k8s = KubernetesTestClusters.require();
    }

    @BeforeEach
    void ready() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
        PortalPeople.syncDirectory(directory);
        k8s.registerBoth(kubernetesClusters);
        SystemTasks.runAsSystem(() -> {
            kubernetesAccess.grant("k1", "team-a");
            environments.save(new ModelEnvironment("production", "k1", "", false, 1, false, "100m", "256Mi", 1, 3));
            return null;
        });
        if (standIns == null) {
            modelServer = new InferenceServiceStandIn();
            standIns = StandInControllers.start(
                    k8s.admin("k1"), "federa.io/instance=" + kubernetes.instance(), List.of(modelServer));
        }
    }

    @AfterEach
    void stopStandIns() {
        if (standIns != null) {
            standIns.close();
            modelServer.close();
            standIns = null;
        }
    }

    /** alice's run of the "Train a scikit-learn model" template on c1: it uploads model.joblib. */
    private String run(String estimator) {
        Run run = runs.submit(
                Federation.alice(),
                RunRequest.fromTemplate(
                        "team-a", "c1", "sklearn-training", Map.of("estimator", estimator, "trees", "20")));
        Run done = await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> runs.find(Federation.alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        assertThat(runs.artifacts(Federation.alice(), run.id()))
                .extracting(a -> a.name())
                .contains("model.joblib");
        return run.id();
    }

    private APIResponse post(Page page, String path, Map<String, ?> body) {
        JsonNode csrf = JSON.readTree(
                page.context().request().get(portal() + "/api/csrf").text());
        return page.context()
                .request()
                .post(
                        portal() + path,
                        RequestOptions.create()
                                .setHeader(
                                        csrf.path("headerName").asString(),
                                        csrf.path("token").asString())
                                .setHeader("Content-Type", "application/json")
                                .setData(JSON.writeValueAsString(body)));
    }

    private GenericKubernetesResource isvc(String namespace, String name) {
        KubernetesFeature kind = KubernetesFeature.INFERENCE_SERVICES;
        return k8s.admin("k1")
                .genericKubernetesResources(new ResourceDefinitionContext.Builder()
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
    private static Map<String, Object> predictor(GenericKubernetesResource isvc) {
        return (Map<String, Object>)
                ((Map<String, Object>) isvc.getAdditionalProperties().get("spec")).get("predictor");
    }

    /** alice asks for production on the model page; returns the request's id. */
    private long request(Page alice, long model, boolean canary, String comment) {
        alice.navigate(portal() + "/models/" + model);
        if (canary) {
            alice.locator("#request-canary input").check();
        }
        alice.locator("#request-comment textarea").fill(comment);
        alice.locator("#request-send").click();
        alice.waitForURL(url -> url.contains("/promotions/"));
        assertThat(alice.locator("#promotion-state")).containsText("PENDING");
        if (canary) {
            assertThat(alice.locator("#promotions")).containsText("Canary first");
        }
        return Long.parseLong(alice.url().replaceAll(".*/promotions/(\\d+).*", "$1"));
    }

    private void daveApproves(Page dave, long request, String comment) {
        dave.navigate(portal() + "/promotions/" + request);
        dave.locator("#decision-comment textarea").fill(comment);
        dave.locator("#approve").click();
        assertThat(dave.locator("#promotion-state")).containsText("APPROVED", SOON);
    }

    @Test
    void a_model_from_a_slurm_run_is_promoted_by_someone_else_served_tried_canaried_and_rolled_back() {
        Page alice = browser.newPage();
        Browser.logIn(alice, portal(), "alice");
        String run1 = run("logistic_regression");

        // the run page offers its file as a model; the model is created first
        alice.navigate(portal() + "/models");
        alice.locator("#new-model-name input").fill("iris");
        alice.locator("#new-model-create").click();
        alice.waitForURL(url -> url.matches(".*/models/\\d+"));
        long model = Long.parseLong(alice.url().replaceAll(".*/models/(\\d+).*", "$1"));
        alice.navigate(portal() + "/runs/" + run1);
        alice.locator(".run-register-model").first().click();
        alice.locator("#register-model-card textarea").fill("Iris classifier, trained on c1.");
        alice.locator("#register-model-submit").click();
        alice.waitForURL(url -> url.endsWith("/models/" + model));
        assertThat(alice.locator("#model-version-1")).containsText(run1);
        assertThat(alice.locator("#model-version-1")).containsText("accuracy=");
        assertThat(alice.locator("#model-version-1")).containsText("sklearn-training");
        alice.navigate(portal() + "/runs/" + run1);
        assertThat(alice.locator("#run-models")).containsText("iris v1");

        // alice requests production: she cannot approve it — no button, and a crafted call is refused
        long first = request(alice, model, false, "First iris model, logistic regression");
        assertThat(alice.locator("#approve")).hasCount(0);
        APIResponse crafted = post(alice, "/api/models/promotions/" + first + "/approve", Map.of("comment", "me"));
        assertThat(crafted.status()).isEqualTo(403);

        // dave sees it on his landing page, with alice's comment and the lineage, and approves
        Page dave = browser.newPage();
        Browser.logIn(dave, portal(), "dave");
        assertThat(dave.locator("#approvals")).containsText("iris v1");
        dave.locator("#approvals .approval-item a").first().click();
        assertThat(dave.locator("#promotion-comment")).containsText("First iris model, logistic regression");
        assertThat(dave.locator("#promotion-metrics")).containsText("accuracy: requested 0.");
        assertThat(dave.locator(".model-lineage")).containsText(run1);
        daveApproves(dave, first, "Checked the metrics.");
        assertThat(dave.locator("#promotion-decisions")).containsText("Approved by dave");
        assertThat(dave.locator("#promotion-decisions")).containsText("Checked the metrics.");

        // the InferenceService on the API server, with the spec
        String namespace = profiles.profileName("k1", "team-a");
        GenericKubernetesResource isvc = isvc(namespace, "iris-production");
        assertThat(isvc).isNotNull();
        Map<String, Object> predictor = predictor(isvc);
        assertThat(predictor).containsEntry("minReplicas", 1).containsEntry("maxReplicas", 3);
        assertThat(predictor.get("model").toString())
                .contains("modelFormat={name=sklearn}")
                .contains("storageUri=" + portal().replace("localhost", "127.0.0.1") + "/model-files/")
                .contains("memory=256Mi");

        // Ready and the URL on the deployment page; Try it answers through the portal
        alice.navigate(portal() + "/models/" + model + "/environments/production");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    alice.reload();
                    return alice.locator("#serving-ready").textContent().equals("Ready");
                });
        assertThat(alice.locator("#serving-url")).containsText("http");
        alice.locator("#try-send").click();
        assertThat(alice.locator("#try-answer")).containsText("HTTP 200", SOON);
        // the fitted model's prediction for a setosa flower: class 0
        assertThat(alice.locator("#try-answer")).containsText("\"data\": [0]");

        // a second version: canary at 10 %, then 100 %
        String run2 = run("random_forest");
        alice.navigate(portal() + "/models?run=" + run2 + "&artifact=model.joblib");
        alice.locator("#register-model-submit").click();
        alice.waitForURL(url -> url.endsWith("/models/" + model));
        assertThat(alice.locator("#model-version-2")).containsText("estimator=random_forest");
        long second = request(alice, model, true, "Better accuracy: canary first");
        dave.navigate(portal() + "/promotions/" + second);
        assertThat(dave.locator("#promotion-metrics")).containsText("· serving v1 0.");
        daveApproves(dave, second, "Canary, then full.");
        assertThat(predictor(isvc(namespace, "iris-production"))).containsEntry("canaryTrafficPercent", 10);
        alice.navigate(portal() + "/models/" + model + "/environments/production");
        assertThat(alice.locator("#serving-status")).containsText("v2 (CANARY, 10 %)");
        alice.locator("#promote-canary").click();
        assertThat(alice.locator("#serving-status")).containsText("v2 (PROMOTE_CANARY, 100 %)", SOON);
        assertThat(predictor(isvc(namespace, "iris-production"))).doesNotContainKey("canaryTrafficPercent");

        // rollback: one click; production needs an approval for it, dave gives it; v1 serves again
        alice.locator("#rollback-v1").click();
        long rollback = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> JSON.readTree(alice.context()
                                        .request()
                                        .get(portal() + "/api/models/promotions")
                                        .text())
                                .get(0),
                        r -> r.path("kind").asString().equals("ROLLBACK"))
                .path("id")
                .asLong();
        JsonNode versions = JSON.readTree(alice.context()
                        .request()
                        .get(portal() + "/api/models/" + model)
                        .text())
                .path("versions");
        long v2 = versions.get(0).path("id").asLong();
        long v1 = versions.get(1).path("id").asLong();
        // until dave approves, v2 keeps serving
        assertThat(predictor(isvc(namespace, "iris-production")).get("model").toString())
                .contains("/model-files/" + v2 + "/");
        daveApproves(dave, rollback, "Rollback approved.");
        assertThat(predictor(isvc(namespace, "iris-production")).get("model").toString())
                .contains("/model-files/" + v1 + "/");
        alice.navigate(portal() + "/models/" + model + "/environments/production");
        assertThat(alice.locator("#serving-status")).containsText("v1 (ROLLBACK, 100 %)");
        var history = alice.locator("#serving-history .history-row");
        assertThat(history).hasCount(4);
        assertThat(history.nth(0)).containsText("v1 · ROLLBACK · 100 % · requested by alice · approved by dave");
        assertThat(history.nth(1)).containsText("v2 · PROMOTE_CANARY · 100 % · requested by alice");
        assertThat(history.nth(2)).containsText("v2 · CANARY · 10 % · requested by alice · approved by dave");
        assertThat(history.nth(3)).containsText("v1 · DEPLOY · 100 % · requested by alice · approved by dave");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    alice.reload();
                    return alice.locator("#serving-ready").textContent().equals("Ready");
                });
        alice.locator("#try-send").click();
        assertThat(alice.locator("#try-answer")).containsText("HTTP 200", SOON);

        // bob sees none of it
        Page bob = browser.newPage();
        Browser.logIn(bob, portal(), "bob");
        assertThat(bob.context()
                        .request()
                        .get(portal() + "/api/models/" + model)
                        .status())
                .isEqualTo(404);
        assertThat(bob.context()
                        .request()
                        .get(portal() + "/api/models/promotions/" + first)
                        .status())
                .isEqualTo(404);
        assertThat(bob.context()
                        .request()
                        .get(portal() + "/api/models/" + model + "/environments/production")
                        .status())
                .isEqualTo(404);
        bob.navigate(portal() + "/models/" + model + "/environments/production");
        assertThat(bob.locator("body")).containsText("No such model");
    }
}
