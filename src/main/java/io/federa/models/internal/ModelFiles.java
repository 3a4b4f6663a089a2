package io.federa.models.internal;

import io.federa.models.InvalidModelException;
import io.federa.shared.FederaProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The versions' files: {@code <dir>/<version id>/<file>}, a copy taken when the version was
 * registered (a run's artifact may be replaced later; a version may not), with its SHA-256.
 */
@Component
class ModelFiles {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Path root;

    ModelFiles(ModelsProperties props, FederaProperties federa) {
        Path dir = props.dir();
        this.root = (dir != null ? dir : federa.dataDir().resolve("models"))
                .toAbsolutePath()
                .normalize();
    }

    static String checkName(String name) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new InvalidModelException("\"" + name + "\" is not a usable file name: letters, digits, '.', '_' "
                    + "and '-', not starting with '.' or '-'.");
        }
        return name;
    }

    Path fileOf(long versionId, String name) {
        return root.resolve(Long.toString(versionId)).resolve(checkName(name));
    }

    /** Copied file's size and SHA-256. */
    record Stored(long size, String sha256) {}

    Stored store(long versionId, String name, InputStream content) {
        Path file = fileOf(versionId, name);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(name + ".partial");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (var in = new DigestInputStream(content, sha)) {
                size = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Stored(size, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void delete(long versionId, String name) {
        try {
            Files.deleteIfExists(fileOf(versionId, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
