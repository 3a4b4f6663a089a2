package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DemoSettingsCheckTest {

    @Test
    void a_production_start_with_its_own_secrets_and_key_passes() {
        var env = environment(Map.of(
                "federa.keycloak.client-secret", "site-secret",
                "federa.directory.client-secret", "site-directory-secret",
                "federa.secrets.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));

        assertThat(DemoSettingsCheck.problems(env)).isEmpty();
    }

    @Test
    void the_demo_profile_accepts_the_demo_secrets_and_a_generated_key() {
        var env = environment(Map.of("federa.keycloak.client-secret", DemoSettingsCheck.DEMO_CLIENT_SECRET));
        env.setActiveProfiles("demo");

        assertThat(DemoSettingsCheck.problems(env)).isEmpty();
    }

    @Test
    void outside_the_demo_profile_each_demo_or_missing_setting_is_named() {
        var env = environment(Map.of(
                "federa.keycloak.client-secret", DemoSettingsCheck.DEMO_CLIENT_SECRET,
                "federa.directory.client-secret", DemoSettingsCheck.DEMO_DIRECTORY_SECRET));
        env.setActiveProfiles("test");

        assertThat(DemoSettingsCheck.problems(env))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("federa.keycloak.client-secret is the demo realm's secret"))
                .anySatisfy(p -> assertThat(p).startsWith("federa.directory.client-secret is the demo realm's secret"))
                .anySatisfy(p -> assertThat(p).startsWith("federa.secrets.key is not set"));
    }

    @Test
    void a_missing_client_secret_is_named_and_a_disabled_directory_needs_none() {
        var env = environment(Map.of(
                "federa.directory.enabled",
                "false",
                "federa.secrets.key",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));

        assertThat(DemoSettingsCheck.problems(env))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("federa.keycloak.client-secret is not set"));
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return env;
    }
}
