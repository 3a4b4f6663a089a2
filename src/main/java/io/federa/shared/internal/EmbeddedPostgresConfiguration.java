package io.federa.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.federa.shared.FederaProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL 14 when no external database is configured, so that a demo needs no
 * database server and keeps its data between runs. Setting {@code spring.datasource.url} switches
 * this off and Spring Boot's own DataSource takes over. See docs/adr/0002-embedded-postgresql.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(FederaProperties federa, EmbeddedPostgresProperties props) throws IOException {
        var builder = EmbeddedPostgres.builder().setPort(props.port());
        if (props.ephemeral()) {
            builder.setCleanDataDirectory(true);
        } else {
            Path dataDir = federa.dataDir().resolve("postgres").toAbsolutePath();
            Files.createDirectories(dataDir);
            LeftoverPostmaster.stopIfLeftOver(dataDir, props.leftoverStopTimeout());
            // stopped by this bean's close, after everything that uses it; the library's own JVM
            // shutdown hook would stop it in parallel with the graceful shutdown of requests and pollers
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
        }
        long t0 = System.nanoTime();
        EmbeddedPostgres pg = builder.start();
        log.info(
                "Embedded PostgreSQL on 127.0.0.1:{} ({}) in {} ms",
                pg.getPort(),
                props.ephemeral() ? "ephemeral" : "data in " + federa.dataDir().resolve("postgres"),
                (System.nanoTime() - t0) / 1_000_000);
        return pg;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setPoolName("federa-embedded");
        ds.setMaximumPoolSize(10);
        return ds;
    }
}
