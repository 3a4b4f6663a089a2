package io.federa.models.internal;

import io.federa.shared.FederaProperties;
import io.federa.shared.SecretBox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring URLs of versions' files for model servers ({@code storageUri}): {@code
 * <public url>/model-files/<version>/<file>?expires=<epoch s>&sig=<hex HMAC-SHA256>} over the version,
 * file and expiry, with a key of 32 random bytes kept in the database sealed by the secrets key (one
 * key for all replicas). Nothing else opens the endpoint: no session, no token.
 */
@Component
public class ArtifactUrls {

    public static final String PATH = "/model-files/";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final FederaProperties federa;
    private final Environment environment;
    private final ModelsProperties props;
    private final Clock clock;
    private final ModelStore store;
    private final ModelFiles files;
    private volatile byte @Nullable [] key;

    ArtifactUrls(
            ModelStore store,
            ModelFiles files,
            JdbcClient jdbc,
            SecretBox secrets,
            FederaProperties federa,
            Environment environment,
            ModelsProperties props,
            Clock clock) {
        this.store = store;
        this.files = files;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.federa = federa;
        this.environment = environment;
        this.props = props;
        this.clock = clock;
    }

    String sign(long versionId, String file) {
        long expires = clock.instant().plus(props.artifactUrlTtl()).getEpochSecond();
        return federa.jobsUrl(environment) + PATH + versionId + "/" + file + "?expires=" + expires + "&sig="
                + mac(versionId, file, expires);
    }

    /**
     * The file a signed URL names, if the signature is right, it has not expired, and the version
     * still exists (a deleted version's file is gone).
     */
    public Optional<Path> open(long versionId, String file, long expires, String sig) {
        if (!valid(versionId, file, expires, sig)) {
            return Optional.empty();
        }
        return store.version(versionId)
                .filter(v -> !v.deleted() && v.artifactName().equals(file))
                .map(v -> files.fileOf(versionId, file))
                .filter(Files::isRegularFile);
    }

    /** Does {@code sig} sign this version, file and expiry, and is the expiry still ahead? */
    boolean valid(long versionId, String file, long expires, String sig) {
        if (Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(
                mac(versionId, file, expires).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(long versionId, String file, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal((versionId + "\n" + file + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            jdbc.sql("insert into model_url_key (id, sealed) values (1, :s) on conflict (id) do nothing")
                    .param("s", secrets.encrypt(Base64.getEncoder().encodeToString(fresh)))
                    .update();
            byte[] sealed = jdbc.sql("select sealed from model_url_key where id = 1")
                    .query(byte[].class)
                    .single();
            k = Base64.getDecoder().decode(secrets.decrypt(sealed));
            key = k;
        }
        return k;
    }
}
