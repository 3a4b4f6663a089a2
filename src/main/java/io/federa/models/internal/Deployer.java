package io.federa.models.internal;

import io.federa.kubernetes.InferenceServices;
import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.KubernetesRejectedException;
import io.federa.kubernetes.KubernetesUnavailableException;
import io.federa.kubernetes.TeamProfiles;
import io.federa.models.Deployment;
import io.federa.models.ModelDeployed;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionConflictException;
import io.federa.shared.AuditEvents;
import io.federa.shared.UserFacingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a version's InferenceService into an environment and records it as a deployment. The
 * caller holds the locks and has checked who may; one attempt at the API server: a refusal or a
 * cluster that does not answer is thrown as {@link DeploymentFailedException}, with nothing recorded
 * as deployed.
 */
@Component
class Deployer {

    private final InferenceServices isvcs;
    private final TeamProfiles profiles;
    private final ArtifactUrls urls;
    private final ModelStore store;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditEvents audit;
    private final Clock clock;

    Deployer(
            InferenceServices isvcs,
            TeamProfiles profiles,
            ArtifactUrls urls,
            ModelStore store,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            AuditEvents audit,
            Clock clock) {
        this.isvcs = isvcs;
        this.profiles = profiles;
        this.urls = urls;
        this.store = store;
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** A deployment could not be made; the message says why in plain words. */
    static final class DeploymentFailedException extends UserFacingException {
        DeploymentFailedException(String message) {
            super(message);
        }

        @Override
        public int problemStatus() {
            return 409;
        }
    }

    static String isvcName(String model, String environment) {
        return model + "-" + environment;
    }

    /** The InferenceService spec (KServe v1beta1) for a version in an environment. */
    Map<String, Object> spec(ModelVersion v, ModelEnvironment env, @Nullable Integer canaryPercent) {
        var quantities = Map.of("cpu", env.cpu(), "memory", env.memory());
        var model = new LinkedHashMap<String, Object>();
        model.put("modelFormat", Map.of("name", v.format().kserveName()));
        model.put("protocolVersion", "v2");
        model.put("storageUri", urls.sign(v.id(), v.artifactName()));
        model.put("resources", Map.of("requests", quantities, "limits", quantities));
        var predictor = new LinkedHashMap<String, Object>();
        predictor.put("minReplicas", env.minReplicas());
        predictor.put("maxReplicas", env.maxReplicas());
        if (canaryPercent != null) {
            predictor.put("canaryTrafficPercent", canaryPercent);
        }
        predictor.put("model", model);
        return Map.of("predictor", predictor);
    }

    Deployment deploy(
            ModelVersion v,
            ModelEnvironment env,
            String step,
            @Nullable Integer canaryPercent,
            @Nullable Long requestId,
            String requestedBy,
            @Nullable String approvedBy,
            String actor) {
        if (v.deleted()) {
            throw new DeploymentFailedException(v.label() + " was deleted (" + v.deletedAt()
                    + "): there is no file to serve. Request another version.");
        }
        String name = isvcName(v.model(), env.name());
        String namespace;
        try {
            namespace = env.namespacePattern().isBlank()
                    ? profiles.profileName(env.cluster(), v.team())
                    : env.namespacePattern().replace("{team}", v.team());
            isvcs.apply(env.cluster(), namespace, name, v.team(), requestedBy, spec(v, env, canaryPercent));
        } catch (KubernetesRejectedException e) {
            throw new DeploymentFailedException(e.userMessage()
                    + (e.causes().isEmpty() ? "" : " — " + String.join("; ", e.causes()))
                    + ". Nothing was deployed; the portal does not retry a refused change.");
        } catch (KubernetesUnavailableException | InvalidKubernetesSettingsException e) {
            throw new DeploymentFailedException("The environment " + env.name() + " cannot be reached: "
                    + e.userMessage() + " Nothing was deployed.");
        }
        long id = jdbc.sql("""
                        insert into model_deployments (team, environment, model_id, version_id, request_id, step,
                            traffic_percent, cluster_name, namespace, isvc_name, requested_by, approved_by, state,
                            created_at)
                        values (:team, :env, :model, :version, :request, :step, :traffic, :cluster, :ns, :name,
                            :by, :approvedBy, 'APPLIED', :at) returning id""")
                .param("team", v.team())
                .param("env", env.name())
                .param("model", v.modelId())
                .param("version", v.id())
                .param("request", requestId)
                .param("step", step)
                .param("traffic", canaryPercent == null ? 100 : canaryPercent)
                .param("cluster", env.cluster())
                .param("ns", namespace)
                .param("name", name)
                .param("by", requestedBy)
                .param("approvedBy", approvedBy)
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        var after = new LinkedHashMap<String, String>();
        after.put("version", v.label());
        after.put("environment", env.name());
        after.put("step", step);
        after.put("traffic", (canaryPercent == null ? 100 : canaryPercent) + "%");
        after.put("inferenceService", env.cluster() + "/" + namespace + "/" + name);
        after.put("requestedBy", requestedBy);
        after.put("approvedBy", approvedBy == null ? "" : approvedBy);
        events.publishEvent(
                new ModelDeployed(audit.recordFor(actor, "model.deployed", "model-deployment", Long.toString(id))
                        .team(v.team())
                        .after(after)));
        return store.deployments("d.id = :id", Map.of("id", id)).getFirst();
    }

    /** The version a rollback may go to: one that served in the environment before. */
    void requireServedBefore(ModelVersion v, String environment) {
        boolean served = jdbc.sql("""
                        select exists (select 1 from model_deployments where version_id = :v and environment = :e
                                       and state = 'APPLIED')""")
                .param("v", v.id())
                .param("e", environment)
                .query(Boolean.class)
                .single();
        if (!served) {
            throw new PromotionConflictException(
                    v.label() + " never served in " + environment + ": a rollback goes back to a version that did.");
        }
    }
}
