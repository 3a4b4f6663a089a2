package io.federa.mirror.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often each cluster is asked what changed
 * @param fullSyncInterval how often a poll reads all of a cluster's jobs, to settle jobs that left
 *     the controller between polls
 */
@ConfigurationProperties("federa.jobs")
record JobsProperties(
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("5m") Duration fullSyncInterval) {}
