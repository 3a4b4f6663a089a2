package io.federa.clusters;

/** How the portal authenticates to a cluster's slurmrestd. See docs/adr/0005-cluster-trust-model.md. */
public enum AuthMode {
    /**
     * The cluster's HS256 JWT signing key (base64): the portal mints short-lived tokens for whichever
     * Slurm user it acts for. Needed to submit as the person.
     */
    JWT_KEY,
    /** A fixed token for the admin Slurm user only: reads work, submitting as people does not. */
    STATIC_TOKEN
}
