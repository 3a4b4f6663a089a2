package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Appends every {@link AuditableEvent} to the chain, after the publishing transaction committed
 * ({@link ApplicationModuleListener}: asynchronous, its own transaction, and kept in the event
 * publication registry until it completes, so a crash in between is made good at the next start).
 *
 * <p>Exactly once: appends hold one transaction-scoped advisory lock, so they are serialized across
 * threads and connections; under it an event id already in the log is skipped (a redelivery), and
 * the new entry takes the next seq and the head's hash.
 */
@Component
class AuditAppender {

    private static final Logger log = LoggerFactory.getLogger(AuditAppender.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditAppender(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(AuditableEvent event) {
        append(event.audit());
    }

    /** Appends {@code r} unless its id is already in the log; returns whether it did. Needs a transaction. */
    boolean append(AuditRecord r) {
        jdbc.sql("select pg_advisory_xact_lock(:lock)")
                .param("lock", AuditChain.LOCK)
                .query((rs, n) -> 1)
                .list();
        boolean known = jdbc.sql("select exists (select 1 from audit_entries where event_id = :id)")
                .param("id", r.id())
                .query(Boolean.class)
                .single();
        if (known) {
            log.debug("audit event {} is recorded already", r.id());
            return false;
        }
        Head head = head();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var entry = new AuditEntry(
                head.seq() + 1,
                r.id(),
                r.at(),
                now,
                r.actor(),
                r.action(),
                r.resourceType(),
                r.resourceId(),
                r.team(),
                r.outcome(),
                r.reason(),
                r.before(),
                r.after(),
                head.hash(),
                "");
        String hash = AuditChain.hash(head.hash(), entry);
        jdbc.sql("""
                        insert into audit_entries (seq, event_id, occurred_at, recorded_at, actor_kind, actor,
                            on_behalf_of, client_address, user_agent, action, resource_type, resource_id, team,
                            outcome, reason, before, after, prev_hash, hash)
                        values (:seq, :id, :occurred, :recorded, :kind, :actor, :behalf, :address, :agent, :action,
                            :type, :resource, :team, :outcome, :reason, cast(:before as jsonb), cast(:after as jsonb),
                            :prev, :hash)""")
                .param("seq", entry.seq())
                .param("id", entry.eventId())
                .param("occurred", Timestamp.from(entry.occurredAt()))
                .param("recorded", Timestamp.from(entry.recordedAt()))
                .param("kind", entry.actor().kind().name())
                .param("actor", entry.actor().name())
                .param("behalf", entry.actor().onBehalfOf(), java.sql.Types.VARCHAR)
                .param("address", entry.actor().clientAddress(), java.sql.Types.VARCHAR)
                .param("agent", entry.actor().userAgent(), java.sql.Types.VARCHAR)
                .param("action", entry.action())
                .param("type", entry.resourceType())
                .param("resource", entry.resourceId())
                .param("team", entry.team(), java.sql.Types.VARCHAR)
                .param("outcome", entry.outcome().name())
                .param("reason", entry.reason(), java.sql.Types.VARCHAR)
                .param("before", AuditChain.json(entry.before()))
                .param("after", AuditChain.json(entry.after()))
                .param("prev", entry.prevHash())
                .param("hash", hash)
                .update();
        return true;
    }

    /** The newest entry's seq and hash; after a purge that removed everything, the anchor's. */
    private Head head() {
        return jdbc.sql("""
                        select seq, hash from (
                            (select seq, hash from audit_entries order by seq desc limit 1)
                            union all
                            (select seq, hash from audit_anchors order by seq desc limit 1)
                        ) h order by seq desc limit 1""")
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")))
                .optional()
                .orElse(new Head(0, AuditChain.GENESIS));
    }

    private record Head(long seq, String hash) {}
}
