package io.federa.models.internal;

import io.federa.identity.CurrentUser;
import io.federa.kubernetes.InferenceServices;
import io.federa.kubernetes.MirroredResource;
import io.federa.models.Deployment;
import io.federa.models.Deployments;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironments;
import io.federa.models.ModelNotFoundException;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionConflictException;
import io.federa.models.RegisteredModel;
import io.federa.models.ServingStatus;
import io.federa.shared.UserFacingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What serves where, read from the deployments table and the watch mirror; canary and rollback. */
@Service
class DeploymentService implements Deployments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelStore store;
    private final Access access;
    private final ModelEnvironments environments;
    private final Deployer deployer;
    private final PromotionService promotions;
    private final InferenceServices isvcs;
    private final ModelsProperties props;
    private final HttpClient http;

    DeploymentService(
            ModelStore store,
            Access access,
            ModelEnvironments environments,
            Deployer deployer,
            PromotionService promotions,
            InferenceServices isvcs,
            ModelsProperties props) {
        this.store = store;
        this.access = access;
        this.environments = environments;
        this.deployer = deployer;
        this.promotions = promotions;
        this.isvcs = isvcs;
        this.props = props;
        this.http = HttpClient.newBuilder()
                .connectTimeout(props.inferTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private RegisteredModel model(CurrentUser user, long modelId) {
        return store.model(modelId)
                .filter(m -> access.mayRead(user, m.team()))
                .orElseThrow(() -> new ModelNotFoundException("model " + modelId));
    }

    @Override
    @Transactional(readOnly = true)
    public List<Deployment> history(CurrentUser user, long modelId, String environment) {
        model(user, modelId);
        return store.deployments("d.model_id = :m and d.environment = :e", Map.of("m", modelId, "e", environment));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Deployment> current(CurrentUser user, long modelId, String environment) {
        model(user, modelId);
        return store.lastApplied(modelId, environment);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Deployment> find(CurrentUser user, long deploymentId) {
        return store.deployments("d.id = :id", Map.of("id", deploymentId)).stream()
                .filter(d -> access.mayRead(user, d.team()))
                .findFirst();
    }

    @Override
    @Transactional(readOnly = true)
    public ServingStatus status(CurrentUser user, long modelId, String environment) {
        return current(user, modelId, environment)
                .flatMap(d -> isvcs.mirrored(d.cluster(), d.namespace(), d.isvcName()))
                .map(DeploymentService::status)
                .orElse(ServingStatus.NONE);
    }

    static ServingStatus status(MirroredResource r) {
        JsonNode status = JSON.readTree(r.statusJson());
        boolean ready = false;
        boolean predictorReady = false;
        String problem = null;
        for (JsonNode c : status.path("conditions")) {
            String type = c.path("type").asString("");
            boolean isTrue = "True".equals(c.path("status").asString(""));
            if (type.equals("Ready")) {
                ready = isTrue;
            } else if (type.equals("PredictorReady")) {
                predictorReady = isTrue;
            }
            if (!isTrue && problem == null && "False".equals(c.path("status").asString(""))) {
                String reason = c.path("reason").asString("");
                String message = c.path("message").asString("");
                problem = type + " is false" + (reason.isEmpty() ? "" : " (" + reason + ")")
                        + (message.isEmpty() ? "" : ": " + message);
            }
        }
        var traffic = new ArrayList<String>();
        for (JsonNode t : status.path("components").path("predictor").path("traffic")) {
            traffic.add(t.path("revisionName").asString("?") + " "
                    + t.path("percent").asInt(0) + " %"
                    + (t.path("latestRevision").asBoolean(false) ? " (latest)" : ""));
        }
        String url = status.path("url").asString("");
        return new ServingStatus(true, ready, predictorReady, url.isEmpty() ? null : url, problem, traffic);
    }

    @Override
    @Transactional
    public Deployment promoteCanary(CurrentUser user, long modelId, String environment) {
        RegisteredModel model = model(user, modelId);
        access.requireWriter(user, model.team(), "model " + modelId);
        lockModel(modelId);
        Deployment current = store.lastApplied(modelId, environment)
                .filter(d -> d.step().equals("CANARY"))
                .orElseThrow(() -> new PromotionConflictException(
                        "No canary serves " + model.name() + " in " + environment + "."));
        ModelVersion v = store.version(current.versionId()).orElseThrow();
        ModelEnvironment env = environments.find(environment).orElseThrow();
        return deployer.deploy(
                v, env, "PROMOTE_CANARY", null, null, user.username(), current.approvedBy(), user.username());
    }

    @Override
    @Transactional
    public Optional<Deployment> rollback(
            CurrentUser user, long modelId, String environment, long versionId, String comment) {
        RegisteredModel model = model(user, modelId);
        access.requireWriter(user, model.team(), "model " + modelId);
        lockModel(modelId);
        ModelVersion v = store.version(versionId)
                .filter(x -> x.modelId() == modelId)
                .orElseThrow(() -> new ModelNotFoundException("version " + versionId + " of " + model.name()));
        ModelEnvironment env = environments
                .find(environment)
                .orElseThrow(() -> new ModelNotFoundException("environment " + environment));
        deployer.requireServedBefore(v, environment);
        if (store.lastApplied(modelId, environment)
                .map(d -> d.versionId() == versionId && d.trafficPercent() == 100)
                .orElse(false)) {
            throw new PromotionConflictException(v.label() + " serves " + environment + " already.");
        }
        if (!env.rollbackWithoutApproval()) {
            promotions.create(
                    user, v, environment, comment.isBlank() ? "Rollback to " + v.label() : comment, false, "ROLLBACK");
            return Optional.empty();
        }
        return Optional.of(deployer.deploy(v, env, "ROLLBACK", null, null, user.username(), null, user.username()));
    }

    private void lockModel(long modelId) {
        store.lockModel(modelId);
    }

    @Override
    public InferenceAnswer infer(CurrentUser user, long modelId, String environment, String requestJson) {
        Deployment d = current(user, modelId, environment)
                .orElseThrow(() -> new ModelNotFoundException("deployment of model " + modelId + " in " + environment));
        ServingStatus s = isvcs.mirrored(d.cluster(), d.namespace(), d.isvcName())
                .map(DeploymentService::status)
                .orElse(ServingStatus.NONE);
        if (s.url() == null) {
            throw new NotServingException("The model server has no URL yet: wait until it is ready.");
        }
        String base = s.url().endsWith("/") ? s.url().substring(0, s.url().length() - 1) : s.url();
        URI target = URI.create(base + "/v2/models/" + d.isvcName() + "/infer");
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(target)
                            .timeout(props.inferTimeout())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(requestJson))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new InferenceAnswer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new NotServingException("The model server at " + base + " did not answer ("
                    + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotServingException("Interrupted while waiting for the model server.");
        }
    }

    /** The model server cannot be asked (no URL yet, no answer): 502. */
    static final class NotServingException extends UserFacingException {
        NotServingException(String message) {
            super(message);
        }

        @Override
        public int problemStatus() {
            return 502;
        }
    }
}
