package io.federa.models;

/**
 * A named target models are promoted to ({@code staging}, {@code production}): a Kubernetes cluster
 * and the namespace a team's InferenceServices go to there, who decides, and what a model server
 * gets.
 *
 * @param namespacePattern empty: the team's Profile namespace on the cluster (what Federa made for the
 *     team there); else a pattern in which {@code {team}} stands for the team's name (so that two
 *     teams never share a namespace)
 * @param teamAdminsApprove whether the team's admins may approve too (besides the approver role)
 * @param approvalsNeeded 1 or 2 distinct approvers, none of them the requester
 * @param rollbackWithoutApproval whether a rollback to a version that served here before is applied
 *     at once (else it is a request of its own that needs the same approvals)
 * @param cpu the predictor's CPU request and limit (a Kubernetes quantity, judged by the API server)
 * @param memory the predictor's memory request and limit
 */
public record ModelEnvironment(
        String name,
        String cluster,
        String namespacePattern,
        boolean teamAdminsApprove,
        int approvalsNeeded,
        boolean rollbackWithoutApproval,
        String cpu,
        String memory,
        int minReplicas,
        int maxReplicas) {}
