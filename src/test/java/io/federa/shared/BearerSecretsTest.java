package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerSecretsTest {

    @Test
    void a_secret_is_its_prefix_and_256_random_bits_in_base64url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = BearerSecrets.newSecret("frt_");
            assertThat(secret).startsWith("frt_").hasSize(4 + 43).matches("frt_[A-Za-z0-9_-]{43}");
            seen.add(secret);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void the_stored_hash_is_sha256_in_lower_case_hex() {
        assertThat(BearerSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void a_secret_matches_its_own_hash_only() {
        String secret = BearerSecrets.newSecret("fnb_");
        String hash = BearerSecrets.hash(secret);

        assertThat(BearerSecrets.matches(secret, hash)).isTrue();
        assertThat(BearerSecrets.matches(secret + "x", hash)).isFalse();
        assertThat(BearerSecrets.matches(BearerSecrets.newSecret("fnb_"), hash)).isFalse();
        assertThat(BearerSecrets.matches(secret, "")).isFalse();
    }
}
