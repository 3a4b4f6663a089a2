package io.federa.kubernetes;

import io.federa.support.FederaIntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The Kubernetes integration tests share one portal context: health every 2 s, the Profile drift
 * check every 2 s; every context has its own {@code federa.kubernetes.instance} (application-test),
 * so its watches and Profiles never meet another test run's on the shared API servers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.kubernetes.health-interval=2s",
            "federa.kubernetes.profile-sync-interval=2s",
            "federa.kubernetes.circuit-open-for=2s"
        })
public @interface KubernetesIT {}
