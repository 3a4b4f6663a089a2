package io.federa.clusters.internal.slurm;

import io.federa.clusters.ClusterUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/** The token to send as {@code X-SLURM-USER-TOKEN} when acting as a Slurm user. Never logged. */
sealed interface TokenSource {

    String tokenFor(String slurmUser);

    static TokenSource of(ClusterConnection connection, Duration lifetime, Clock clock, JsonMapper json) {
        return switch (connection.credential()) {
            case ClusterConnection.JwtKey key -> new Minting(key.key(), lifetime, clock, json);
            case ClusterConnection.StaticToken token ->
                new Fixed(connection.name(), connection.adminUser(), token.token());
        };
    }

    /**
     * Signs HS256 tokens with the claims Slurm's auth/jwt reads ({@code sun}, {@code iat}, {@code
     * exp}), like {@code scripts/lib/mint-jwt.py}; keeps one per user until 80% of its life has passed.
     */
    final class Minting implements TokenSource {

        private final SecretKeySpec key;
        private final Duration lifetime;
        private final Clock clock;
        private final JsonMapper json;
        private final Map<String, Minted> cache = new ConcurrentHashMap<>();

        Minting(byte[] key, Duration lifetime, Clock clock, JsonMapper json) {
            this.key = new SecretKeySpec(key, "HmacSHA256");
            this.lifetime = lifetime;
            this.clock = clock;
            this.json = json;
        }

        @Override
        public String tokenFor(String slurmUser) {
            Instant now = clock.instant();
            return cache.compute(
                            slurmUser,
                            (user, cached) ->
                                    cached != null && now.isBefore(cached.renewAfter()) ? cached : mint(user, now))
                    .token();
        }

        private Minted mint(String user, Instant now) {
            long iat = now.getEpochSecond();
            long exp = now.plus(lifetime).getEpochSecond();
            var claims = new LinkedHashMap<String, Object>();
            claims.put("iat", iat);
            claims.put("exp", exp);
            claims.put("sun", user);
            String signingInput = base64(json.writeValueAsBytes(Map.of("alg", "HS256", "typ", "JWT"))) + "."
                    + base64(json.writeValueAsBytes(claims));
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                String signature = base64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
                return new Minted(
                        signingInput + "." + signature,
                        now.plus(lifetime.multipliedBy(4).dividedBy(5)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        private static String base64(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        private record Minted(String token, Instant renewAfter) {
            @Override
            public String toString() {
                return "Minted[renewAfter=" + renewAfter + "]";
            }
        }
    }

    /** A fixed token acts only as the user it was issued for. */
    record Fixed(String cluster, String user, String token) implements TokenSource {

        @Override
        public String tokenFor(String slurmUser) {
            if (!slurmUser.equals(user)) {
                throw new ClusterUnavailableException(
                        cluster,
                        "its credential is a fixed token for Slurm user " + user + " and cannot act as " + slurmUser
                                + "; register the cluster's JWT key to act for other users");
            }
            return token;
        }

        @Override
        public String toString() {
            return "Fixed[cluster=" + cluster + ", user=" + user + "]";
        }
    }
}
