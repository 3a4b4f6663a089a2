package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RenamedPropertiesTest {

    private static StandardEnvironment environment(Map<String, Object> files, Map<String, Object> env) {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", env));
        sources.addLast(new MapPropertySource("application.properties", new HashMap<>(files)));
        return environment;
    }

    @Test
    void old_keys_are_read_under_their_new_names_with_a_warning_each() {
        var environment = environment(
                Map.of(
                        "federa.jobs.poll-interval", "3s",
                        "federa.runs.lost-after", "4s",
                        "federa.artifacts.max-size", "7MB",
                        "federa.runs.token-grace", "1m"),
                Map.of());

        var warnings = RenamedProperties.apply(environment);

        assertThat(environment.getProperty("federa.mirror.poll-interval")).isEqualTo("3s");
        assertThat(environment.getProperty("federa.submission.lost-after")).isEqualTo("4s");
        assertThat(environment.getProperty("federa.runs.artifacts.max-size")).isEqualTo("7MB");
        assertThat(warnings)
                .hasSize(3)
                .anySatisfy(w -> assertThat(w)
                        .contains("federa.jobs.poll-interval", "deprecated", "federa.mirror.poll-interval"));
    }

    @Test
    void a_new_key_in_the_same_source_wins_and_an_old_one_in_a_stronger_source_wins_over_weaker_new_ones() {
        var environment = environment(
                Map.of("federa.mirror.poll-interval", "2s", "federa.jobs.poll-interval", "3s"),
                Map.of("FEDERA_RUNS_WORKING_DIRECTORY", "/scratch", "FEDERA_JOBS_FULL_SYNC_INTERVAL", "9m"));
        // the file also names the new key of the environment's old one: the environment is stronger
        ((MapPropertySource) environment.getPropertySources().get("application.properties"))
                .getSource()
                .put("federa.submission.working-directory", "/tmp");

        RenamedProperties.apply(environment);

        assertThat(environment.getProperty("federa.submission.working-directory"))
                .isEqualTo("/scratch");
        assertThat(environment.getProperty("federa.mirror.full-sync-interval")).isEqualTo("9m");
        assertThat(environment.getProperty("federa.mirror.poll-interval")).isEqualTo("2s");
    }

    @Test
    void keys_that_were_not_renamed_are_left_alone() {
        assertThat(RenamedProperties.newName("federa.runs.token-grace")).isNull();
        assertThat(RenamedProperties.newName("federa.public-url")).isNull();
        assertThat(RenamedProperties.newName("federa.jobs.usage-tick")).isEqualTo("federa.mirror.usage-tick");
    }
}
