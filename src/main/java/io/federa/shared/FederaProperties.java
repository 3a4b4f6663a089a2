package io.federa.shared;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Portal-wide settings.
 *
 * @param dataDir where the portal keeps its state (embedded PostgreSQL data, artifacts); relative
 *     paths are resolved against the working directory
 * @param publicUrl the portal as the clusters' nodes reach it (a job's {@code FEDERA_URL}); when unset,
 *     {@code http://127.0.0.1:<server port>}, which only works for clusters on the portal's host
 */
@ConfigurationProperties("federa")
public record FederaProperties(
        @DefaultValue(".federa") Path dataDir, @Nullable URI publicUrl) {

    @ConstructorBinding
    public FederaProperties {}

    public FederaProperties(Path dataDir) {
        this(dataDir, null);
    }

    /** A job's {@code FEDERA_URL}: {@link #publicUrl} without trailing slashes, or this host and port. */
    public String jobsUrl(Environment environment) {
        if (publicUrl == null) {
            return "http://127.0.0.1:"
                    + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        }
        String url = publicUrl.toString();
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
