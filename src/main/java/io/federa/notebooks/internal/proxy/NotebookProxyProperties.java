package io.federa.notebooks.internal.proxy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The notebook proxy's timeouts.
 *
 * @param connectTimeout how long to wait for the notebook's server to accept a connection
 * @param responseTimeout how long to wait for the response's headers (a body then streams as long as it
 *     takes; an upload counts against it until the upstream answers)
 */
@ConfigurationProperties("federa.notebooks.proxy")
record NotebookProxyProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10m") Duration responseTimeout) {}
