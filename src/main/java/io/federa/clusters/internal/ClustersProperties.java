package io.federa.clusters.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param healthInterval how often each cluster is pinged and its partitions and nodes read
 */
@ConfigurationProperties("federa.clusters")
record ClustersProperties(@DefaultValue("10s") Duration healthInterval) {}
