package io.federa.notebooks.internal;

import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookAudited;
import io.federa.notebooks.NotebookChanged;
import io.federa.notebooks.NotebookState;
import io.federa.quota.NotebookQuotas;
import io.federa.shared.Actors;
import io.federa.shared.AuditRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every state change of a notebook goes through here: the conditional update, the quota place given
 * back when it stops holding a server (stopping, stopped, failed, deleted), and the {@link
 * NotebookAudited} and {@link NotebookChanged} events for the audit log and open pages — in one
 * transaction.
 */
@Component
class NotebookLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotebookLifecycle.class);

    private final JdbcNotebookStore store;
    private final NotebookQuotas quotas;
    private final ApplicationEventPublisher events;
    private final Actors actors;
    private final TransactionTemplate tx;
    private final Clock clock;

    NotebookLifecycle(
            JdbcNotebookStore store,
            NotebookQuotas quotas,
            ApplicationEventPublisher events,
            Actors actors,
            TransactionTemplate tx,
            Clock clock) {
        this.store = store;
        this.quotas = quotas;
        this.events = events;
        this.actors = actors;
        this.tx = tx;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Moves {@code n} from one of {@code from} to {@code to}; false (and nothing else happens) when it
     * was in none of them.
     *
     * @param action the audit action after {@code notebook.}, e.g. "stopped"; null records nothing
     */
    boolean move(Notebook n, Collection<NotebookState> from, NotebookState to, String reason, @Nullable String action) {
        Boolean moved = tx.execute(s -> {
            if (!store.move(n.id(), from, to, reason, clock.instant())) {
                return false;
            }
            if (!to.isRunning()) {
                quotas.releaseNotebook(n.id());
            }
            publish(n, to, action, reason, null);
            return true;
        });
        if (Boolean.TRUE.equals(moved)) {
            log.info("notebook {} of {}: {} → {} ({})", n.id(), n.owner(), n.state(), to, reason);
        }
        return Boolean.TRUE.equals(moved);
    }

    /** An action that changed no state (shared, extended, refused) for the audit log and open pages. */
    void record(Notebook n, String action, @Nullable String refusedBecause) {
        tx.executeWithoutResult(s -> publish(n, n.state(), action, n.reason(), refusedBecause));
    }

    private void publish(
            Notebook n, NotebookState state, @Nullable String action, String reason, @Nullable String refusedBecause) {
        Map<String, String> after = new LinkedHashMap<>();
        after.put("state", state.name());
        after.put("kind", n.kind().name());
        after.put("cluster", n.cluster());
        after.put("image", n.image());
        after.put("resources", n.resources().describe());
        if (!reason.isEmpty()) {
            after.put("reason", reason);
        }
        AuditRecord audit = AuditRecord.success(
                        actors.current(),
                        clock.instant(),
                        "notebook." + (action == null ? "changed" : action),
                        "notebook",
                        n.id())
                .team(n.team())
                .after(after);
        if (refusedBecause != null) {
            audit = audit.refused(refusedBecause);
        }
        events.publishEvent(new NotebookAudited(audit));
        events.publishEvent(new NotebookChanged(n.id(), n.owner(), n.team(), state));
    }
}
