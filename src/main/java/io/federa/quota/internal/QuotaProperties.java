package io.federa.quota.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param qosSyncInterval how often pending QOS pushes are retried and every team QOS is compared with
 *     Slurm (drift)
 */
@ConfigurationProperties("federa.quota")
record QuotaProperties(@DefaultValue("5m") Duration qosSyncInterval) {}
