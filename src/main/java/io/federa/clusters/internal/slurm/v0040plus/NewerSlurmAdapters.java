package io.federa.clusters.internal.slurm.v0040plus;

import io.federa.clusters.internal.slurm.SlurmApiAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One {@link SlurmApiAdapter} bean per API version from v0.0.40 on, all of the same class. Adding a
 * version: a {@link Variant} constant and a bean here.
 */
@Configuration(proxyBeanMethods = false)
public class NewerSlurmAdapters {

    @Bean
    SlurmApiAdapter slurmV0040Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0040);
    }

    @Bean
    SlurmApiAdapter slurmV0041Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0041);
    }

    @Bean
    SlurmApiAdapter slurmV0042Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0042);
    }

    @Bean
    SlurmApiAdapter slurmV0043Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0043);
    }

    @Bean
    SlurmApiAdapter slurmV0044Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0044);
    }

    @Bean
    SlurmApiAdapter slurmV0045Adapter() {
        return new SlurmV0040PlusAdapter(Variant.V0045);
    }
}
