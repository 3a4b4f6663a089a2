package io.federa.shared.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Embedded PostgreSQL, used when {@code spring.datasource.url} is not set.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param ephemeral a fresh, throw-away database in a temporary directory (tests); otherwise the data
 *     lives under {@code federa.data-dir}/postgres and survives restarts
 * @param applicationRole the role the portal connects as (created by migration V0025); blank connects
 *     as the superuser, which can change audit entries
 * @param leftoverStopTimeout how long a start waits for the PostgreSQL that a killed portal left
 *     running on the same data directory to stop (see {@link LeftoverPostmaster})
 */
@ConfigurationProperties("federa.embedded-postgres")
record EmbeddedPostgresProperties(
        @DefaultValue("0") int port,
        @DefaultValue("false") boolean ephemeral,
        @DefaultValue("federa_app") String applicationRole,
        @DefaultValue("20s") Duration leftoverStopTimeout) {}
