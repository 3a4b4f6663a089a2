package io.federa.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer secrets that the portal hands out once and keeps only as a hash (run tokens, sweep
 * claim secrets, notebooks' report tokens): 256 random bits, base64url after a prefix that says what
 * the secret is for, stored as SHA-256. A fast hash is enough: the secret is random, not a password,
 * so there is nothing to guess from the hash.
 */
public final class BearerSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerSecrets() {}

    /** {@code prefix} and 256 random bits in base64url without padding (43 characters). */
    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code secret} hashes to {@code expectedHash}, in time independent of where they differ. */
    public static boolean matches(String secret, String expectedHash) {
        return MessageDigest.isEqual(
                hash(secret).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** SHA-256 of the secret's UTF-8 bytes, in lower-case hex: what is stored. */
    public static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
