package io.federa.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries live updates between replicas through PostgreSQL {@code LISTEN/NOTIFY} (ADR 29). Each
 * committed event goes out as one notification, {@code <replica> <event class> <event as JSON>}, sent
 * after the commit from a connection of the pool; a dedicated connection listens, and each replica
 * hands its followers what the others sent (its own it delivered already). A lost listening connection
 * is opened again; what was sent meanwhile is missed, which views survive: an update is a hint to
 * re-read, and they read again when opened.
 */
@Component
class LiveUpdateRelay implements SmartLifecycle, DisposableBean {

    /** PostgreSQL refuses payloads of 8000 bytes and more. */
    static final int MAX_PAYLOAD_BYTES = 7999;

    /** The listening connection's name in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "federa-live-updates";

    private static final Logger log = LoggerFactory.getLogger(LiveUpdateRelay.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final Duration KEEPALIVE = Duration.ofSeconds(10);

    private final LiveUpdates live;
    private final DataSource dataSource;
    private final String channel;
    private final String replica = UUID.randomUUID().toString();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService sender;
    private volatile boolean running;
    private volatile @Nullable Thread listener;
    private volatile @Nullable Connection listening;

    LiveUpdateRelay(LiveUpdates live, DataSource dataSource, ReplicaProperties props) {
        this.live = live;
        this.dataSource = dataSource;
        this.channel = props.liveUpdatesChannel();
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(10_000),
                Thread.ofPlatform().daemon().name("live-updates-notify").factory(),
                (task, executor) -> log.warn("live updates: {} waiting to go to other replicas; dropped one", 10_000));
        live.relayTo(this);
    }

    /** After the commit that published {@code event}: tells the other replicas (never blocks the caller). */
    void send(LiveUpdate event) {
        if (!running) {
            return;
        }
        String payload = encode(replica, event);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            log.warn(
                    "live update {} is too large for NOTIFY; other replicas do not hear of it",
                    event.getClass().getSimpleName());
            return;
        }
        sender.execute(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, channel);
                notify.setString(2, payload);
                notify.execute();
            } catch (SQLException e) {
                log.warn(
                        "live update {} could not go to other replicas: {}",
                        event.getClass().getSimpleName(),
                        e.getMessage());
            }
        });
    }

    String encode(String from, LiveUpdate event) {
        return from + " " + event.getClass().getName() + " " + json.writeValueAsString(event);
    }

    /** A notification's payload: delivered here unless this replica sent it or it is not a live update. */
    void receive(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length != 3 || parts[0].equals(replica)) {
            return;
        }
        try {
            Class<?> type = Class.forName(parts[1], false, LiveUpdate.class.getClassLoader());
            if (!LiveUpdate.class.isAssignableFrom(type) || !type.getName().startsWith("io.federa.")) {
                log.warn("live updates: ignored a notification of {}", parts[1]);
                return;
            }
            live.deliverHere((LiveUpdate) json.readValue(parts[2], type));
        } catch (ClassNotFoundException | RuntimeException e) {
            // a replica of another version during a rolling upgrade
            log.info("live updates: could not read a notification of {}: {}", parts[1], e.getMessage());
        }
    }

    private void listen() {
        boolean lost = false;
        while (running) {
            try (Connection c = open()) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("listen " + channel); // a checked identifier (ReplicaProperties)
                }
                if (lost) {
                    log.info("live updates: listening to other replicas again");
                    lost = false;
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                long idleSince = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications((int) RECONNECT.toMillis());
                    if (received != null && received.length > 0) {
                        for (PGNotification n : received) {
                            receive(n.getParameter());
                        }
                        idleSince = System.nanoTime();
                    } else if (System.nanoTime() - idleSince > KEEPALIVE.toNanos()) {
                        try (Statement st = c.createStatement()) {
                            st.execute("select 1"); // a dead connection fails here, not silently
                        }
                        idleSince = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (!lost) {
                    log.warn(
                            "live updates: lost the connection that listens to other replicas ({}); trying again every {} s",
                            e.getMessage(),
                            RECONNECT.toSeconds());
                    lost = true;
                }
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                listening = null;
            }
        }
    }

    /** A connection of its own, outside the pool: it is held for as long as the portal runs. */
    private Connection open() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            var props = new Properties();
            if (hikari.getUsername() != null) {
                props.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                props.setProperty("password", hikari.getPassword());
            }
            props.setProperty("ApplicationName", APPLICATION_NAME);
            return DriverManager.getConnection(hikari.getJdbcUrl(), props);
        }
        return dataSource.getConnection();
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("live-updates-listen").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = listener;
        if (t != null) {
            t.interrupt();
        }
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing is all we wanted
            }
        }
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
    }

    /** Whether the listening connection is open (for tests and health). */
    boolean listening() {
        return listening != null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
