package io.federa.clusters.internal.slurm;

import java.time.Duration;

/** Client settings for tests against a fake slurmrestd: short time-outs, quick retries, a 30 s open breaker. */
final class FastSlurmProperties {

    private FastSlurmProperties() {}

    static SlurmProperties withReadTimeout(Duration readTimeout) {
        return new SlurmProperties(
                Duration.ofMillis(500),
                readTimeout,
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                10,
                5,
                50,
                Duration.ofSeconds(30),
                3,
                Duration.ofMillis(5));
    }
}
