package io.federa.clusters.internal.slurm;

import io.federa.clusters.SlurmClient;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the {@link SlurmClient} of a cluster. All clusters share one HTTP client (one connection
 * pool, one dispatcher); each has its own circuit breaker and retry, named after the cluster, so a
 * sick cluster fails fast on its own while the others keep working.
 *
 * <p>When the portal stops, every Slurm call in flight is cancelled and new ones are refused at
 * once, together with the stop of the schedulers (same lifecycle phase): a cluster that does not
 * answer must not hold a SIGTERM up for its call timeout. A submission cancelled this way is found
 * again by its run id (ADR 11).
 */
@Component
public class SlurmRestClientFactory implements AutoCloseable, SmartLifecycle {

    private final SlurmProperties properties;
    private final ApiVersions versions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final OkHttpClient http;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean stopping;
    private volatile boolean running;

    @Autowired
    SlurmRestClientFactory(
            SlurmProperties properties,
            List<SlurmApiAdapter> adapters,
            ObjectProvider<MeterRegistry> meters,
            Clock clock) {
        this(properties, adapters, meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    public SlurmRestClientFactory(
            SlurmProperties properties, List<SlurmApiAdapter> adapters, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.versions = new ApiVersions(adapters);
        this.meters = meters;
        this.clock = clock;
        this.http = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    if (stopping) {
                        throw new IOException("Canceled: the portal is stopping");
                    }
                    return chain.proceed(chain.request());
                })
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .callTimeout(properties.callTimeout())
                .retryOnConnectionFailure(false) // retries are ours: GET only, counted, with backoff
                .followRedirects(false)
                .build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.circuitWindow())
                .minimumNumberOfCalls(properties.circuitMinimumCalls())
                .failureRateThreshold(properties.circuitFailureRatePercent())
                .waitDurationInOpenState(properties.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(t -> t instanceof Unavailable)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.retryBackoff(), 2.0, 0.5))
                .retryOnException(SlurmHttp::shouldRetry)
                .failAfterMaxAttempts(false)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** The client for one cluster. Cheap; the breaker of a cluster survives new clients for it. */
    public SlurmClient create(ClusterConnection connection) {
        var tokens = TokenSource.of(connection, properties.tokenLifetime(), clock, json);
        var slurmHttp = new SlurmHttp(
                connection,
                http,
                breakers.circuitBreaker(connection.name()),
                retries.retry(connection.name()),
                meters,
                tokens,
                json,
                properties);
        return new RestSlurmClient(
                slurmHttp, versions, connection.pinnedApiVersion(), json, clock, properties.changedSinceMargin());
    }

    /** Also after a stop that was a pause (the test framework pauses the cached contexts it does not use). */
    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    /** Cancels every call in flight and refuses new ones until {@link #start}: the portal is stopping. */
    @Override
    public void stop() {
        stopping = true;
        running = false;
        http.dispatcher().cancelAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The schedulers' phase: stopped together with them, before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    @PreDestroy
    public void close() {
        stopping = true;
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
