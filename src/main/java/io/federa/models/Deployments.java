package io.federa.models;

import io.federa.identity.CurrentUser;
import java.util.List;
import java.util.Optional;

/**
 * What serves where: the InferenceService per model and environment in the team's namespace, its
 * status from the watch mirror, its history, canary promotion, rollback, and "try it" through the
 * portal. Team-scoped like the registry (approvers outside the team see nothing here).
 */
public interface Deployments {

    /** The model's deployments in an environment, newest first: its serving history. */
    List<Deployment> history(CurrentUser user, long modelId, String environment);

    /** The last APPLIED deployment of the model in the environment: what serves now. */
    Optional<Deployment> current(CurrentUser user, long modelId, String environment);

    Optional<Deployment> find(CurrentUser user, long deploymentId);

    /** The model's InferenceService in the environment as the mirror last saw it. */
    ServingStatus status(CurrentUser user, long modelId, String environment);

    /**
     * Sends the canary of the current deployment to 100 % (recorded as a deployment of its own).
     *
     * @throws PromotionConflictException no canary serves
     */
    Deployment promoteCanary(CurrentUser user, long modelId, String environment);

    /**
     * Brings back a version that served in the environment before: applied at once when the
     * environment allows rollbacks without approval, else a ROLLBACK request that needs approval
     * (the answer is then empty and the request is in {@link Promotions#visible}).
     */
    Optional<Deployment> rollback(CurrentUser user, long modelId, String environment, long versionId, String comment);

    /**
     * Sends an Open Inference Protocol v2 request body to {@code <status.url>/v2/models/<name>/infer}
     * of the model's InferenceService in the environment and returns the status and body of the
     * answer. The upstream is only ever the URL the portal's mirror recorded.
     */
    InferenceAnswer infer(CurrentUser user, long modelId, String environment, String requestJson);

    record InferenceAnswer(int status, String body) {}
}
