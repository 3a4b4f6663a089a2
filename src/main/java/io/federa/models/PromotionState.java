package io.federa.models;

/** Where a promotion request stands; every state but PENDING is final. */
public enum PromotionState {
    PENDING,
    APPROVED,
    REJECTED,
    WITHDRAWN,
    /** Approved, but the deployment could not be made (the reason says why); nothing was changed. */
    FAILED;

    public boolean decided() {
        return this != PENDING;
    }
}
