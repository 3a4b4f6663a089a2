package io.federa.runs.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param tokenGrace how long a run's token keeps working after the run ended (late uploads)
 * @param maxMetricsPerRequest metric points one request may carry
 * @param maxLogLinesPerRequest log lines one request may carry
 * @param maxRequestSize the most bytes one report may have, per endpoint: a larger declared length is
 *     refused before the body is read, and reading stops one byte past it (413)
 * @param runQuota what one run may store in all (429 past it)
 * @param teamQuota what all runs of one team may store together (429 past it)
 * @param artifacts where uploaded artifacts are stored ({@code <dir>/<team>/<run>/<file>}; default
 *     {@code <data-dir>/artifacts}) and the largest file accepted
 */
@ConfigurationProperties("federa.runs")
public record RunsProperties(
        @DefaultValue("15m") Duration tokenGrace,
        @DefaultValue("10000") int maxMetricsPerRequest,
        @DefaultValue("10000") int maxLogLinesPerRequest,
        @DefaultValue MaxRequestSize maxRequestSize,
        @DefaultValue RunQuota runQuota,
        @DefaultValue TeamQuota teamQuota,
        @DefaultValue Artifacts artifacts) {

    public record Artifacts(
            @Nullable Path dir, @DefaultValue("100MB") DataSize maxSize) {}

    /**
     * @param metrics a metrics batch (10,000 points of ~100 bytes fit in 1 MB)
     * @param logs a batch of log lines
     * @param params a params or tags object
     */
    public record MaxRequestSize(
            @DefaultValue("4MB") DataSize metrics,
            @DefaultValue("2MB") DataSize logs,
            @DefaultValue("1MB") DataSize params) {}

    /** What reports may store: metric points, bytes of log lines (UTF-8), bytes of artifacts. */
    public interface StorageQuota {
        long metricPoints();

        DataSize logSize();

        DataSize artifactSize();
    }

    public record RunQuota(
            @DefaultValue("1000000") long metricPoints,
            @DefaultValue("64MB") DataSize logSize,
            @DefaultValue("2GB") DataSize artifactSize)
            implements StorageQuota {}

    public record TeamQuota(
            @DefaultValue("50000000") long metricPoints,
            @DefaultValue("2GB") DataSize logSize,
            @DefaultValue("100GB") DataSize artifactSize)
            implements StorageQuota {}
}
