package io.federa.access.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param driftInterval how often each enabled cluster's Slurm accounting is compared with the portal
 */
@ConfigurationProperties("federa.access")
record AccessProperties(@DefaultValue("10m") Duration driftInterval) {}
