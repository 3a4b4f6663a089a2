package io.federa.api;

import io.federa.support.FederaIntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The REST API's integration tests share one portal: runs start in the jobs' directory of the local
 * clusters, artifacts may be at most 64 KB (so a 413 is cheap to cause), and a caller may make 30
 * requests per 10 s.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.artifacts.dir=target/federa-test/artifacts",
            "federa.runs.artifacts.max-size=64KB",
            "federa.api.requests-per-period=30",
            "federa.api.period=10s"
        })
@interface ApiTest {}
