package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.federa.kubernetes.KubernetesCredentials;
import io.federa.kubernetes.KubernetesUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * One fabric8 client per registered cluster, built from the registry (never from a kubeconfig or
 * the environment) and kept until the cluster's settings change; then the next call builds a new one
 * and closes the old. Each cluster has its own circuit breaker, named after it, which survives new
 * clients.
 */
@Component
class KubeClients implements AutoCloseable {

    private final JdbcKubernetesClusters registry;
    private final KubernetesProperties props;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, KubeApi> clients = new ConcurrentHashMap<>();

    KubeClients(JdbcKubernetesClusters registry, KubernetesProperties props, ObjectProvider<MeterRegistry> meters) {
        this.registry = registry;
        this.props = props;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(props.circuitWindow())
                .minimumNumberOfCalls(props.circuitMinimumCalls())
                .failureRateThreshold(props.circuitFailureRatePercent())
                .waitDurationInOpenState(props.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(t -> t instanceof KubeApi.Unreachable)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers)
                .bindTo(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * The client of an enabled cluster.
     *
     * @throws KubernetesUnavailableException when it is not registered, disabled, or its stored
     *     credentials cannot be used
     */
    KubeApi forCluster(String cluster) {
        StoredKubernetesCluster stored = registry.find(cluster)
                .filter(StoredKubernetesCluster::enabled)
                .orElseThrow(() -> new KubernetesUnavailableException(cluster, "it is not registered or is disabled"));
        KubeApi[] replaced = new KubeApi[1];
        KubeApi api = clients.compute(cluster, (name, old) -> {
            if (old != null && old.settingsOf().equals(stored.updatedAt())) {
                return old;
            }
            replaced[0] = old;
            return build(stored);
        });
        if (replaced[0] != null) {
            replaced[0].close();
        }
        return api;
    }

    private KubeApi build(StoredKubernetesCluster c) {
        var config = new ConfigBuilder(Config.empty())
                .withMasterUrl(c.apiUrl().toString())
                .withConnectionTimeout((int) props.connectTimeout().toMillis())
                .withRequestTimeout((int) props.requestTimeout().toMillis())
                .withRequestRetryBackoffLimit(0) // the breaker and the callers decide about retries
                .withWatchReconnectInterval((int) props.watchRetryMin().toMillis())
                .withWatchReconnectLimit(-1)
                .withOnlyHttpWatches(true); // plain HTTP streams: no WebSocket upgrade to fail or to close
        if (c.caCertificate() != null) {
            config.withCaCertData(base64(c.caCertificate()));
        }
        switch (c.credentials()) {
            case KubernetesCredentials.ClientCertificate cert ->
                config.withClientCertData(base64(cert.certificatePem()))
                        .withClientKeyData(base64(cert.privateKeyPem()));
            case KubernetesCredentials.BearerToken token -> config.withOauthToken(token.token());
        }
        try {
            var client =
                    new KubernetesClientBuilder().withConfig(config.build()).build();
            return new KubeApi(
                    c.name(), client, breakers.circuitBreaker(c.name()), props.circuitOpenFor(), c.updatedAt());
        } catch (KubernetesClientException | IllegalStateException e) {
            // fabric8 reads the certificate and key here: say what failed, never quote what it read
            throw new KubernetesUnavailableException(
                    c.name(),
                    "its credentials or CA certificate cannot be used ("
                            + e.getClass().getSimpleName() + "): enter them again",
                    e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @PreDestroy
    public void close() {
        clients.values().forEach(KubeApi::close);
        clients.clear();
    }
}
