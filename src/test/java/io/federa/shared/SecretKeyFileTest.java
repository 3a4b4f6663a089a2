package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets key generated for a demo: readable by the portal's user only, from the first byte. */
class SecretKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void a_generated_key_file_has_mode_600_and_is_used_again_at_the_next_start() throws IOException {
        var first = new SecretBox("", new FederaProperties(dir));
        Path key = dir.resolve("secrets.key");

        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(key).trim()).hasSize(44);
        byte[] sealed = first.encrypt("the cluster's key");
        assertThat(new SecretBox("", new FederaProperties(dir)).decrypt(sealed)).isEqualTo("the cluster's key");
    }

    /**
     * Writing the key fails after the file was created (here: a file size limit of 0 for a child JVM,
     * {@code ulimit -f 0}). Whatever is left must never have been readable by others: the file is
     * created with its permissions, not chmod-ed after it was written.
     */
    @Test
    void a_key_file_whose_write_fails_is_never_left_readable_by_others() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -f 0; exec \"$0\" \"$@\"",
                        java,
                        "-XX:-UsePerfData",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KeyFileProbe.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).as("the write failed as arranged").contains("File too large");
        Path key = dir.resolve("secrets.key");
        if (Files.exists(key)) {
            assertThat(Files.getPosixFilePermissions(key))
                    .as(out)
                    .doesNotContain(
                            PosixFilePermission.GROUP_READ,
                            PosixFilePermission.OTHERS_READ,
                            PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
        }
    }

    /** Generates a key into the folder named by its argument, in a JVM of its own. */
    static final class KeyFileProbe {

        public static void main(String[] args) {
            try {
                new SecretBox("", new FederaProperties(Path.of(args[0])));
                System.out.println("key written");
            } catch (Exception e) {
                System.out.println("failed: " + e);
            }
        }
    }
}
