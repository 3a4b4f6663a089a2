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
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts an embedded PostgreSQL 14 when no external database is configured, so that a demo needs no
 * database server and keeps its data between runs. Setting {@code spring.datasource.url} switches
 * this off and Spring Boot's own DataSource takes over. See docs/adr/0002-embedded-postgresql.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
    static final String SUPERUSER = "postgres";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(FederaProperties federa, EmbeddedPostgresProperties props) throws IOException {
        // stopped by this bean's close, after everything that uses it; the library's own JVM shutdown
        // hook would stop it in parallel with the graceful shutdown of requests, pollers and the event
        // publication registry, which then wait for a connection until the pool's timeout (30 s)
        var builder = EmbeddedPostgres.builder().setPort(props.port()).setRegisterShutdownHook(false);
        if (props.ephemeral()) {
            builder.setCleanDataDirectory(true);
        } else {
            Path dataDir = federa.dataDir().resolve("postgres").toAbsolutePath();
            Files.createDirectories(dataDir);
            LeftoverPostmaster.stopIfLeftOver(dataDir, props.leftoverStopTimeout());
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

    /**
     * The portal's connections: as the application role that migration V0025 creates (it cannot
     * change or delete audit entries, ADR 19), or as the superuser when {@code application-role} is
     * blank.
     */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(EmbeddedPostgres pg, EmbeddedPostgresProperties props) {
        String role = props.applicationRole().isBlank() ? SUPERUSER : props.applicationRole();
        return pool(pg, role, "federa-embedded", 10);
    }

    /** Flyway migrates as the superuser, which owns the tables (and so their triggers). */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    DataSource flywayDataSource(EmbeddedPostgres pg) {
        return pool(pg, SUPERUSER, "federa-embedded-migrations", 2);
    }

    private static HikariDataSource pool(EmbeddedPostgres pg, String user, String name, int size) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl(user, "postgres"));
        ds.setUsername(user);
        ds.setPoolName(name);
        ds.setMaximumPoolSize(size);
        ds.setMinimumIdle(Math.min(size, 2));
        return ds;
    }
}
