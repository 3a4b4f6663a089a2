package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.shared.FederaProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedPostgresConfigurationIT {

    private final EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

    @Test
    void data_survives_a_restart_of_the_embedded_database(@TempDir Path dataDir) throws Exception {
        var federa = new FederaProperties(dataDir);
        var persistent = new EmbeddedPostgresProperties(0, false, "", Duration.ofSeconds(20));

        try (EmbeddedPostgres pg = configuration.embeddedPostgres(federa, persistent)) {
            var jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            jdbc.execute("create table kept (v text)");
            jdbc.update("insert into kept values ('still here')");
        }
        try (EmbeddedPostgres pg = configuration.embeddedPostgres(federa, persistent)) {
            var jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            assertThat(jdbc.queryForObject("select v from kept", String.class)).isEqualTo("still here");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void a_second_start_on_a_directory_a_running_portal_holds_is_refused_and_leaves_it_running(@TempDir Path dataDir)
            throws Exception {
        var federa = new FederaProperties(dataDir);
        var persistent = new EmbeddedPostgresProperties(0, false, "", Duration.ofSeconds(20));
        try (EmbeddedPostgres running = configuration.embeddedPostgres(federa, persistent)) {
            assertThatThrownBy(() -> configuration.embeddedPostgres(federa, persistent))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("Another portal is running on the data directory")
                    .hasMessageContaining(
                            "this process (" + ProcessHandle.current().pid() + ")");
            assertThat(new JdbcTemplate(running.getPostgresDatabase()).queryForObject("select 1", Integer.class))
                    .isEqualTo(1);
        }
    }

    @Test
    void an_external_datasource_url_switches_the_embedded_database_off() {
        new ApplicationContextRunner()
                .withUserConfiguration(EmbeddedPostgresConfiguration.class, Props.class)
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:5432/federa")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(EmbeddedPostgres.class));
    }

    @EnableConfigurationProperties({FederaProperties.class, EmbeddedPostgresProperties.class})
    static class Props {}
}
