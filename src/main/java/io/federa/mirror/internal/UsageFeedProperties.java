package io.federa.mirror.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param usageRefresh how often a running job's usage (which counts up to "now") is re-recorded
 */
@ConfigurationProperties("federa.jobs")
record UsageFeedProperties(@DefaultValue("1m") Duration usageRefresh) {}
