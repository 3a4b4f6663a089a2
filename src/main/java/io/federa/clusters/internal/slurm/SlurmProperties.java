package io.federa.clusters.internal.slurm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the slurmrestd client, shared by all clusters.
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for bytes of an answer
 * @param callTimeout the whole call, answer read included
 * @param tokenLifetime lifetime of the tokens the portal mints; a token is reused until 80% of it
 *     has passed
 * @param changedSinceMargin subtracted from a jobs request's start time to get the next {@code
 *     changedSince} (see {@link io.federa.clusters.JobsSnapshot#asOf()})
 * @param circuitWindow the circuit breaker looks at this many last calls of a cluster
 * @param circuitMinimumCalls ... once it has seen at least this many
 * @param circuitFailureRatePercent ... and opens when this share of them failed
 * @param circuitOpenFor how long an open breaker fails fast before letting trial calls through
 * @param retryAttempts attempts of a read (GET), first one included
 * @param retryBackoff first wait between attempts; doubles, with ±50% jitter
 */
@ConfigurationProperties("federa.slurm")
public record SlurmProperties(
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("15s") Duration callTimeout,
        @DefaultValue("5m") Duration tokenLifetime,
        @DefaultValue("5s") Duration changedSinceMargin,
        @DefaultValue("10") int circuitWindow,
        @DefaultValue("5") int circuitMinimumCalls,
        @DefaultValue("50") int circuitFailureRatePercent,
        @DefaultValue("10s") Duration circuitOpenFor,
        @DefaultValue("3") int retryAttempts,
        @DefaultValue("200ms") Duration retryBackoff) {

    public static SlurmProperties defaults() {
        return new SlurmProperties(
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                10,
                5,
                50,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(200));
    }
}
