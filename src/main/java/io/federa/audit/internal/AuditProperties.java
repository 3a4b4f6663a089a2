package io.federa.audit.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log.
 *
 * @param retention entries older than this are removed once a day (after an anchor is recorded);
 *     unset keeps everything
 * @param redeliverAfter an audit event whose listener has not completed after this long (the append
 *     failed, say the database was briefly away) is handed to the listener again
 */
@ConfigurationProperties("federa.audit")
record AuditProperties(
        @Nullable Duration retention, @DefaultValue("1m") Duration redeliverAfter) {}
