package io.federa.shared.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background pollers (cluster health, job mirror). {@code federa.scheduling.enabled=false} stops them. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "federa.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {}
