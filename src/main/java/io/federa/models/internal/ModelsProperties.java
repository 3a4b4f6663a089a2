package io.federa.models.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir where versions' files are kept ({@code <dir>/<team>/<model>/<version>/<file>}; default
 *     {@code <data-dir>/models})
 * @param artifactUrlTtl how long a signed storageUri stays valid: long enough for a model server's
 *     restarts in between deployments (every deployment signs a new one)
 * @param canaryPercent the traffic a canary gets first
 * @param inferTimeout how long "try it" waits for the model server
 */
@ConfigurationProperties("federa.models")
public record ModelsProperties(
        @Nullable Path dir,
        @DefaultValue("7d") Duration artifactUrlTtl,
        @DefaultValue("10") int canaryPercent,
        @DefaultValue("20s") Duration inferTimeout) {}
