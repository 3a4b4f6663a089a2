package io.federa.clusters.internal;

import io.federa.shared.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Encrypts cluster credentials at rest: {@link SecretBox} (AES-256-GCM, key {@code
 * federa.secrets.key}), shared with the Kubernetes registry. See docs/adr/0006-cluster-trust-model.md.
 */
@Component
class SecretCipher {

    private final SecretBox box;

    SecretCipher(SecretBox box) {
        this.box = box;
    }

    byte[] encrypt(String plain) {
        return box.encrypt(plain);
    }

    String decrypt(byte[] stored) {
        return box.decrypt(stored);
    }
}
