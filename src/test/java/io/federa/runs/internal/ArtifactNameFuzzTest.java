package io.federa.runs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Artifact names as jobs send them, fuzzed (ADR 27): refused only with {@link
 * IllegalArgumentException} (a 400 in words), and an accepted name is one plain file name that stays
 * in its run's directory — no separator, no "..", no NUL, nothing a shell would split.
 */
// no input may take 10 s: Jazzer reports a hang as a finding (libFuzzer -timeout)
@Timeout(10)
class ArtifactNameFuzzTest {

    private static final Path RUN_DIR = Path.of("/var/federa/artifacts/team-a/r-aaaaaaaaaaaa");

    @FuzzTest(maxDuration = "30s")
    void artifact_names(FuzzedDataProvider data) {
        String requested = data.consumeRemainingAsString();
        String name;
        try {
            name = ArtifactFiles.safeName(requested);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(name).matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (ArtifactFiles.MAX_NAME - 1) + "}");
        Path file = RUN_DIR.resolve(name).normalize();
        assertThat(file.getParent()).isEqualTo(RUN_DIR);
        assertThat(ArtifactFiles.safeName(name)).as("idempotent").isEqualTo(name);
    }
}
