package io.federa.runs.internal;

import io.federa.shared.FederaProperties;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where artifacts live: {@code <federa.runs.artifacts.dir>/<team>/<run>/<file>}. Names are reduced to a
 * safe set of characters and the result is checked to stay inside the run's directory, so no upload
 * can write elsewhere ("../", absolute paths, backslashes, NUL).
 */
@Component
class ArtifactFiles {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern UNSAFE_SEGMENT = Pattern.compile("[^A-Za-z0-9_-]");
    static final int MAX_NAME = 200;

    private final Path root;

    @Autowired
    ArtifactFiles(RunsProperties props, FederaProperties federa) {
        this(props.artifacts(), federa);
    }

    ArtifactFiles(RunsProperties.Artifacts artifacts, FederaProperties federa) {
        Path dir = artifacts.dir();
        this.root = (dir != null ? dir : federa.dataDir().resolve("artifacts"))
                .toAbsolutePath()
                .normalize();
    }

    Path root() {
        return root;
    }

    /**
     * A safe file name for what the job called {@code requested}: the last path element, with
     * anything but letters, digits, '.', '_' and '-' replaced by '_'.
     *
     * @throws IllegalArgumentException when nothing usable is left
     */
    static String safeName(String requested) {
        String name = requested.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = UNSAFE.matcher(name).replaceAll("_");
        if (name.length() > MAX_NAME) {
            name = name.substring(name.length() - MAX_NAME);
        }
        String bare = name.replace(".", "").replace("_", "");
        if (bare.isEmpty() || name.startsWith(".")) {
            throw new IllegalArgumentException("\"" + requested + "\" is not a usable file name: use letters, "
                    + "digits, '.', '_' and '-', not starting with '.'");
        }
        return name;
    }

    Path runDir(String team, String runId) {
        Path dir = root.resolve(segment(team)).resolve(segment(runId)).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("bad artifact directory");
        }
        return dir;
    }

    Path fileOf(String team, String runId, String safeName) {
        Path dir = runDir(team, runId);
        Path file = dir.resolve(safeName(safeName)).normalize();
        if (!file.getParent().equals(dir)) {
            throw new IllegalArgumentException("bad artifact name");
        }
        return file;
    }

    private static String segment(String s) {
        String safe = UNSAFE_SEGMENT.matcher(s).replaceAll("_");
        if (safe.isEmpty()) {
            throw new IllegalArgumentException("bad path segment");
        }
        return safe;
    }
}
