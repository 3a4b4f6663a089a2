package io.federa.shared;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Fans {@link LiveUpdate} events out to whoever follows them, typically open views that then refresh
 * through server push. Delivered after commit, so a view that re-reads the database sees the change.
 * Subscribers must be quick (a view only schedules a refresh with {@code UI.access}).
 *
 * <p>A plain listener that waits for the commit itself rather than a {@code @TransactionalEventListener}:
 * Spring Modulith's event publication registry stores every event bound for a transactional listener
 * until it is handled, and a live update is only a hint to re-read, not worth a row per event.
 *
 * <p>With several replicas, an event published on one reaches the followers on the others too, once,
 * through PostgreSQL {@code NOTIFY} ({@link LiveUpdateRelay}, ADR 29).
 */
@Component
public class LiveUpdates {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private final Set<Subscription<?>> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile @Nullable LiveUpdateRelay relay;

    /** Follows events of {@code type}; close the returned handle when the follower goes away. */
    public <T extends LiveUpdate> Following subscribe(Class<T> type, Consumer<? super T> listener) {
        var subscription = new Subscription<>(type, listener);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    /** A subscription; closing it (idempotent, throws nothing) stops the deliveries. */
    @FunctionalInterface
    public interface Following extends AutoCloseable {
        @Override
        void close();
    }

    @EventListener
    void on(LiveUpdate event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver(event);
                }
            });
        } else {
            deliver(event);
        }
    }

    /** Other replicas hear of what is published here through {@code relay} (ADR 29). */
    void relayTo(LiveUpdateRelay relay) {
        this.relay = relay;
    }

    private void deliver(LiveUpdate event) {
        deliverHere(event);
        LiveUpdateRelay r = relay;
        if (r != null) {
            r.send(event);
        }
    }

    /** To this replica's followers only: for events published here, and those relayed from another replica. */
    void deliverHere(LiveUpdate event) {
        for (Subscription<?> s : subscriptions) {
            try {
                s.deliver(event);
            } catch (RuntimeException e) {
                log.warn(
                        "a live-update subscriber failed on {}",
                        event.getClass().getSimpleName(),
                        e);
            }
        }
    }

    private record Subscription<T>(Class<T> type, Consumer<? super T> listener) {
        void deliver(Object event) {
            if (type.isInstance(event)) {
                listener.accept(type.cast(event));
            }
        }
    }
}
