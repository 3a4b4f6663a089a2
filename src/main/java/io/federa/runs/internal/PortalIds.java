package io.federa.runs.internal;

import java.security.SecureRandom;

/** Portal ids of runs ({@code r-…}) and sweeps ({@code s-…}): a prefix and 12 random base32 characters. */
final class PortalIds {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PortalIds() {}

    static String next(String prefix) {
        var id = new StringBuilder(prefix);
        for (int i = 0; i < 12; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }
}
