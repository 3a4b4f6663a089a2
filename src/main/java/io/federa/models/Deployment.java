package io.federa.models;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of what serves a model in an environment: an approved promotion (DEPLOY, or CANARY at
 * its traffic percentage), a canary promoted to 100 % (PROMOTE_CANARY), or a ROLLBACK. Immutable:
 * the list of them is the environment's serving history.
 *
 * @param requestId the approved request it carries out, if any
 * @param approvedBy who approved it (comma-separated), null for steps without approval
 * @param state APPLIED (the API server accepted the InferenceService) or FAILED (error says why)
 */
public record Deployment(
        long id,
        String team,
        String environment,
        long modelId,
        String model,
        long versionId,
        int version,
        @Nullable Long requestId,
        String step,
        int trafficPercent,
        String cluster,
        String namespace,
        String isvcName,
        String requestedBy,
        @Nullable String approvedBy,
        String state,
        @Nullable String error,
        Instant createdAt) {}
