package io.federa.runs.internal;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Where jobs report back to.
 *
 * @param publicUrl the portal as the clusters' nodes reach it (a run's {@code FEDERA_URL}); when unset,
 *     {@code http://127.0.0.1:<server port>}, which only works for clusters on the portal's host
 * @param artifacts where uploaded artifacts are stored ({@code <dir>/<team>/<run>/<file>}; default
 *     {@code <data-dir>/artifacts}) and the largest file accepted
 */
@ConfigurationProperties("federa")
public record ReportingProperties(
        @Nullable URI publicUrl, @DefaultValue Artifacts artifacts) {

    /** A run's {@code FEDERA_URL}: {@link #publicUrl} without trailing slashes, or this host and port. */
    String jobsUrl(Environment environment) {
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

    public record Artifacts(
            @Nullable Path dir, @DefaultValue("100MB") DataSize maxSize) {}
}
