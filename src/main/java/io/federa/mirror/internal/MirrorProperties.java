package io.federa.mirror.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mirror's settings ({@code federa.mirror.*}; before issue 10 {@code federa.jobs.*}, still read with a
 * logged deprecation). Besides these, {@code federa.mirror.tick} (1s) and {@code federa.mirror.usage-tick}
 * (5s) say how often the poller and the usage feed look for work.
 *
 * @param pollInterval how often each cluster is asked what changed
 * @param fullSyncInterval how often a poll reads all of a cluster's jobs, to settle jobs that left
 *     the controller between polls
 * @param usageRefresh how often a running job's usage (which counts up to "now") is re-recorded
 */
@ConfigurationProperties("federa.mirror")
record MirrorProperties(
        @DefaultValue("10s") Duration pollInterval,
        @DefaultValue("5m") Duration fullSyncInterval,
        @DefaultValue("1m") Duration usageRefresh) {}
