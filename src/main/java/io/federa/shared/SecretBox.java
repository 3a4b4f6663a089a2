package io.federa.shared;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts credentials at rest (Slurm cluster keys, Kubernetes client keys and tokens) with
 * AES-256-GCM. The key comes from {@code federa.secrets.key} (base64 of 32 bytes); without it, a key
 * is generated once into {@code <data-dir>/secrets.key} (created with mode 600) so that a demo
 * works, with a warning; outside the {@code demo} profile the portal refuses to start without the
 * setting ({@code DemoSettingsCheck}). One key for every module that stores secrets. See docs/adr/0006-cluster-trust-model.md.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(@Value("${federa.secrets.key:}") @Nullable String configuredKey, FederaProperties federa)
            throws IOException {
        byte[] raw = configuredKey != null && !configuredKey.isBlank()
                ? Base64.getDecoder().decode(configuredKey.trim())
                : keyFile(federa.dataDir().resolve("secrets.key"));
        if (raw.length != 32) {
            throw new IllegalStateException("federa.secrets.key must be the base64 of 32 random bytes (AES-256)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(FORMAT_V1)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored.length < 1 + NONCE_BYTES || stored[0] != FORMAT_V1) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt a stored secret: was federa.secrets.key changed? Re-enter the secret", e);
        }
    }

    private byte[] keyFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        try {
            // created with its permissions: there is no moment when others may read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException anotherStart) {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        }
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(file); // an empty key file would fail every later start
            throw e;
        }
        log.warn(
                "federa.secrets.key is not set: generated a key for stored secrets in {}. "
                        + "Set federa.secrets.key in production and keep it safe.",
                file);
        return fresh;
    }
}
