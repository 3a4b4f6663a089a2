package io.federa.runs.internal;

import io.federa.shared.BearerSecrets;

/**
 * Run tokens: random bearer secrets ({@link BearerSecrets}), handed to the job once (in its
 * environment) and stored only as a hash.
 */
final class RunTokens {

    static final String PREFIX = "frt_";

    /** A sweep's claim secret: what its array's tasks exchange for their own run tokens (ADR 17). */
    static final String CLAIM_PREFIX = "fsc_";

    private RunTokens() {}

    static String newToken() {
        return BearerSecrets.newSecret(PREFIX);
    }

    static String newClaimSecret() {
        return BearerSecrets.newSecret(CLAIM_PREFIX);
    }

    static boolean matches(String secret, String expectedHash) {
        return BearerSecrets.matches(secret, expectedHash);
    }

    static String hash(String token) {
        return BearerSecrets.hash(token);
    }
}
