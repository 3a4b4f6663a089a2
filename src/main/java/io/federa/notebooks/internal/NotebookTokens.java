package io.federa.notebooks.internal;

import io.federa.shared.BearerSecrets;
import java.security.SecureRandom;

/**
 * Random secrets and ids of a notebook: Jupyter's token (stored encrypted: the proxy needs it back)
 * and the Slurm job's report token (a {@link BearerSecrets} secret, stored as its hash).
 */
final class NotebookTokens {

    /** The prefix of a Slurm notebook's report token. */
    static final String REPORT_PREFIX = "fnb_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private NotebookTokens() {}

    /** A notebook id that is also a valid Kubernetes object name: {@code nb-} and 10 of [a-z0-9]. */
    static String newId() {
        var id = new StringBuilder("nb-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return id.toString();
    }
}
