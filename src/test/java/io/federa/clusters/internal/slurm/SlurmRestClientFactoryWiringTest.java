package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.federa.clusters.internal.slurm.v0040plus.NewerSlurmAdapters;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The factory is a Spring bean fed by {@code federa.slurm.*} and every adapter bean. */
class SlurmRestClientFactoryWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SlurmProperties.class)
    static class Config {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(
                    Config.class, SlurmRestClientFactory.class, SlurmV0038Adapter.class, NewerSlurmAdapters.class);

    @Test
    void binds_defaults_and_overrides_of_federa_slurm_properties() {
        context.withPropertyValues("federa.slurm.read-timeout=3s").run(ctx -> {
            assertThat(ctx).hasSingleBean(SlurmRestClientFactory.class);
            SlurmProperties properties = ctx.getBean(SlurmProperties.class);
            assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.callTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(properties).isEqualTo(withReadTimeout(SlurmProperties.defaults(), Duration.ofSeconds(3)));
        });
    }

    @Test
    void every_api_version_is_its_own_adapter_bean() {
        context.run(ctx -> assertThat(ctx.getBeansOfType(SlurmApiAdapter.class).values())
                .extracting(SlurmApiAdapter::version)
                .containsExactlyInAnyOrder(
                        "v0.0.38", "v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"));
    }

    private static SlurmProperties withReadTimeout(SlurmProperties p, Duration readTimeout) {
        return new SlurmProperties(
                p.connectTimeout(),
                readTimeout,
                p.callTimeout(),
                p.tokenLifetime(),
                p.changedSinceMargin(),
                p.circuitWindow(),
                p.circuitMinimumCalls(),
                p.circuitFailureRatePercent(),
                p.circuitOpenFor(),
                p.retryAttempts(),
                p.retryBackoff());
    }
}
