package io.federa.kubernetes.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Kubernetes module, shared by all clusters.
 *
 * @param instance this portal's name on the clusters: the {@code federa.io/instance} label on every
 *     object it creates, and the label the mirror watches (two portals on one cluster must differ)
 * @param healthInterval how often each cluster's API server is asked for its version and discovery
 * @param defaultNamespacePattern the namespace pattern offered when registering a cluster
 * @param connectTimeout how long to wait for a TCP/TLS connection to an API server
 * @param requestTimeout how long to wait for an answer (watches excepted)
 * @param circuitWindow the circuit breaker of a cluster looks at this many last calls
 * @param circuitMinimumCalls ... once it has seen at least this many
 * @param circuitFailureRatePercent ... and opens when this share of them failed
 * @param circuitOpenFor how long an open breaker fails fast before letting a trial call through
 * @param watchRetryMin first wait before a watch that failed (or got 429) is opened again; doubles
 * @param watchRetryMax ... up to this
 */
@ConfigurationProperties("federa.kubernetes")
public record KubernetesProperties(
        @DefaultValue("default") String instance,
        @DefaultValue("10s") Duration healthInterval,
        @DefaultValue("{team}") String defaultNamespacePattern,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("10") int circuitWindow,
        @DefaultValue("3") int circuitMinimumCalls,
        @DefaultValue("50") int circuitFailureRatePercent,
        @DefaultValue("10s") Duration circuitOpenFor,
        @DefaultValue("500ms") Duration watchRetryMin,
        @DefaultValue("30s") Duration watchRetryMax) {}
