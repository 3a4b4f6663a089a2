package io.federa.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo stack (run.sh); unset in production.
 *
 * @param slurmEnv the env files of scripts/slurm-up.sh and scripts/slurm-newer-up.sh, comma-separated;
 *     blank: no demo stack
 * @param retryInterval how long the seeder waits before it tries a cluster it could not set up again
 */
@ConfigurationProperties("federa.demo")
record DemoProperties(
        @DefaultValue("") String slurmEnv,
        @DefaultValue("30s") Duration retryInterval) {}
