package io.federa.runs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Run tokens: 256 random bits, handed to the job once (in its environment) and stored only as a
 * SHA-256 hash. A fast hash is enough: the token is random, not a password, so there is nothing to
 * guess from the hash.
 */
final class RunTokens {

    static final String PREFIX = "frt_";

    /** A sweep's claim secret: what its array's tasks exchange for their own run tokens (ADR 17). */
    static final String CLAIM_PREFIX = "fsc_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunTokens() {}

    static String newToken() {
        return random(PREFIX);
    }

    static String newClaimSecret() {
        return random(CLAIM_PREFIX);
    }

    private static String random(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code secret} hashes to {@code expectedHash}, in time independent of where they differ. */
    static boolean matches(String secret, String expectedHash) {
        return MessageDigest.isEqual(
                hash(secret).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
