package io.federa.models;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "Version N of model M → environment E", asked by someone with a comment, decided by others.
 *
 * @param kind {@code PROMOTE} or {@code ROLLBACK}
 * @param canary go to {@code canaryTrafficPercent} first when a version already serves
 * @param reason why it FAILED (or null)
 */
public record PromotionRequest(
        long id,
        String team,
        long modelId,
        String model,
        long versionId,
        int version,
        String environment,
        String kind,
        boolean canary,
        String requestedBy,
        String comment,
        PromotionState state,
        @Nullable String reason,
        Instant createdAt,
        @Nullable Instant decidedAt,
        List<Decision> decisions) {

    public PromotionRequest {
        decisions = List.copyOf(decisions);
    }

    /** One approver's approval or rejection, with their comment. */
    public record Decision(String by, boolean approved, String comment, Instant at) {}
}
