package io.federa.runs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.shared.FederaProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ArtifactFilesTest {

    private final ArtifactFiles files = new ArtifactFiles(
            new RunsProperties.Artifacts(Path.of("/srv/artifacts"), DataSize.ofMegabytes(1)),
            new FederaProperties(Path.of(".federa")));

    @Test
    void names_lose_their_directories_and_unsafe_characters() {
        assertThat(ArtifactFiles.safeName("model.pt")).isEqualTo("model.pt");
        assertThat(ArtifactFiles.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(ArtifactFiles.safeName("..\\..\\win.ini")).isEqualTo("win.ini");
        assertThat(ArtifactFiles.safeName("/abs/path/ck pt;rm -rf.bin")).isEqualTo("ck_pt_rm_-rf.bin");
        assertThat(ArtifactFiles.safeName("nul\0byte.txt")).isEqualTo("nul_byte.txt");
    }

    @Test
    void names_with_nothing_usable_left_are_refused() {
        for (String bad : new String[] {"", "..", ".", "../", ".hidden", "dir/"}) {
            assertThatThrownBy(() -> ArtifactFiles.safeName(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void files_stay_in_their_team_and_run_directory() {
        assertThat(files.fileOf("team-a", "r-abc", "../../x")).isEqualTo(Path.of("/srv/artifacts/team-a/r-abc/x"));
        assertThat(files.runDir("../team-b", "r-abc")).isEqualTo(Path.of("/srv/artifacts/___team-b/r-abc"));
        assertThat(files.runDir("../team-b", "r-abc").toString()).doesNotContain("..");
    }
}
