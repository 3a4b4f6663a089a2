package io.federa.models;

import io.federa.identity.CurrentUser;
import java.util.List;
import java.util.Optional;

/**
 * Promotion requests and their four-eyes decision. Requesting needs the data-scientist role in the
 * model's team; deciding needs the approver role (or being a team admin where the environment lets
 * them) and is never open to the requester, whatever their roles. A request's last needed approval
 * deploys it in the same transaction, under a row lock, so two approvers at once make one deployment.
 */
public interface Promotions {

    /**
     * @throws ModelNotFoundException no such version or environment visible to the user
     * @throws PromotionConflictException the version was deleted
     */
    PromotionRequest request(CurrentUser user, long versionId, String environment, String comment, boolean canary);

    /** Only the requester, only while PENDING. */
    PromotionRequest withdraw(CurrentUser user, long requestId);

    /**
     * Records the approval; with the last approval needed, deploys (see {@link Deployments}). The
     * answer is the request after it: APPROVED, still PENDING (a second approval needed) or FAILED
     * with the reason.
     *
     * @throws io.federa.shared.NotAllowedException the user may not decide this request (the
     *     requester never may)
     * @throws PromotionConflictException it was decided already
     */
    PromotionRequest approve(CurrentUser user, long requestId, String comment);

    PromotionRequest reject(CurrentUser user, long requestId, String comment);

    /** Would {@link #approve} accept this user for this request now? (What pages show buttons by.) */
    boolean mayDecide(CurrentUser user, PromotionRequest request);

    /** Pending requests this user may decide, oldest first: an approver's queue. */
    List<PromotionRequest> queue(CurrentUser user);

    /** Requests of the user's teams, and those they may decide, newest first (at most 200). */
    List<PromotionRequest> visible(CurrentUser user);

    /** A request the user may see (their team's, or one they may decide). */
    Optional<PromotionRequest> find(CurrentUser user, long requestId);

    /**
     * The version a request is about, for whoever may see the request (an approver outside the team
     * included): its lineage and metrics.
     */
    Optional<ModelVersion> versionOf(CurrentUser user, long requestId);

    /**
     * The version that serves the request's model in its environment now (what the approver compares
     * the requested version's metrics with), for whoever may see the request.
     */
    Optional<ModelVersion> servingNow(CurrentUser user, long requestId);
}
