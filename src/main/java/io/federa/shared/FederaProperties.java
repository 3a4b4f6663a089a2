package io.federa.shared;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Portal-wide settings.
 *
 * @param dataDir where the portal keeps its state (embedded PostgreSQL data, artifacts); relative
 *     paths are resolved against the working directory
 */
@ConfigurationProperties("federa")
public record FederaProperties(@DefaultValue(".federa") Path dataDir) {}
