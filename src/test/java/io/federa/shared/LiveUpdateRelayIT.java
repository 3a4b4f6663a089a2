package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas' live-update buses on one real PostgreSQL (ADR 29): what one publishes reaches the
 * other's followers once and its own once; a lost listening connection is opened again.
 */
class LiveUpdateRelayIT {

    record Pinged(String what, int n) implements LiveUpdate {}

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    /** One replica's bus and relay, on a pool of its own. */
    static final class Replica implements AutoCloseable {
        final HikariDataSource pool = new HikariDataSource();
        final LiveUpdates live = new LiveUpdates();
        final LiveUpdateRelay relay;
        final CopyOnWriteArrayList<Pinged> heard = new CopyOnWriteArrayList<>();

        Replica(String channel) {
            pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            pool.setUsername("postgres");
            pool.setMaximumPoolSize(2);
            relay = new LiveUpdateRelay(
                    live, pool, new ReplicaProperties(Duration.ofSeconds(10), Duration.ofSeconds(1), channel));
            live.subscribe(Pinged.class, heard::add);
            relay.start();
            await().atMost(Duration.ofSeconds(10)).until(relay::listening);
        }

        @Override
        public void close() {
            relay.stop();
            relay.destroy();
            pool.close();
        }
    }

    @Test
    void an_update_published_on_one_replica_reaches_the_other_once_and_its_own_followers_once() {
        try (var a = new Replica("relay_once");
                var b = new Replica("relay_once")) {
            a.live.on(new Pinged("run r-1 changed", 1));

            await().atMost(Duration.ofSeconds(10)).until(() -> b.heard.size() == 1);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> a.heard.size() == 1 && b.heard.size() == 1);
            assertThat(b.heard).containsExactly(new Pinged("run r-1 changed", 1));
            assertThat(a.heard).containsExactly(new Pinged("run r-1 changed", 1));

            b.live.on(new Pinged("back", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.heard.size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> b.heard.size() == 2);
        }
    }

    @Test
    void a_replica_whose_listening_connection_was_cut_listens_again_and_hears_later_updates() {
        try (var a = new Replica("relay_reconnect");
                var b = new Replica("relay_reconnect")) {
            var db = new JdbcTemplate(postgres.getPostgresDatabase());
            Integer cut = db.queryForObject(
                    "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?",
                    Integer.class,
                    LiveUpdateRelay.APPLICATION_NAME);
            assertThat(cut).isEqualTo(2);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> db.queryForObject(
                                    "select count(*) from pg_stat_activity where application_name = ?",
                                    Integer.class,
                                    LiveUpdateRelay.APPLICATION_NAME)
                            == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.relay.listening() && b.relay.listening());

            a.live.on(new Pinged("after the cut", 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> b.heard.size() == 1);
            assertThat(b.heard).containsExactly(new Pinged("after the cut", 3));
        }
    }

    @Test
    void an_update_too_large_for_notify_stays_on_its_replica_and_does_not_fail_the_publisher() {
        try (var a = new Replica("relay_large");
                var b = new Replica("relay_large")) {
            a.live.on(new Pinged("x".repeat(9000), 4));
            a.live.on(new Pinged("small", 5));

            await().atMost(Duration.ofSeconds(10)).until(() -> b.heard.size() == 1);
            assertThat(b.heard).containsExactly(new Pinged("small", 5));
            assertThat(a.heard).hasSize(2);
        }
    }
}
