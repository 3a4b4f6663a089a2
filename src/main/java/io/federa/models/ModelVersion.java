package io.federa.models;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable version of a model and its lineage: the run it came from (with that run's template
 * or script, parameters, final metrics, cluster and git commit, copied when it was registered) or an
 * upload; the file's SHA-256; its format and model card. Only its tags change.
 *
 * @param source {@code run} or {@code upload}
 * @param metrics each metric's final value when it was registered, by key
 */
public record ModelVersion(
        long id,
        long modelId,
        String team,
        String model,
        int version,
        ModelFormat format,
        String source,
        @Nullable String runId,
        String artifactName,
        String sha256,
        long sizeBytes,
        @Nullable String template,
        @Nullable String script,
        Map<String, String> params,
        Map<String, Double> metrics,
        @Nullable String cluster,
        @Nullable String gitCommit,
        String modelCard,
        Map<String, String> tags,
        String createdBy,
        Instant createdAt,
        @Nullable Instant deletedAt) {

    public ModelVersion {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** "iris v2". */
    public String label() {
        return model + " v" + version;
    }
}
