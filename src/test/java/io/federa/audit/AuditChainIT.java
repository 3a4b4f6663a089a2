package io.federa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.shared.Actor;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.shared.AuditableEvent;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The chain on the real (embedded) PostgreSQL: entries are appended once per event, verify finds a row
 * changed behind the portal's back (by a superuser who switched the trigger off) and names it, the
 * portal's own database role can neither change nor delete entries (no grant) and even the table's
 * owner is stopped by the trigger; retention keeps the kept chain verifiable through its anchor.
 */
@FederaIntegrationTest
class AuditChainIT {

    record TestAction(AuditRecord audit) implements AuditableEvent {}

    @Autowired
    AuditLog log;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    AuditEvents auditEvents;

    /** Publishes one audited action inside a transaction, as a module does, and waits until it is recorded. */
    AuditEntry act(String resource) {
        var record = AuditRecord.success(Actor.person("tester"), Instant.now(), "test.acted", "thing", resource)
                .team("team-t")
                .after(Map.of("value", resource));
        tx.executeWithoutResult(s -> events.publishEvent(new TestAction(record)));
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> entries(resource), list -> !list.isEmpty())
                .getFirst();
    }

    List<AuditEntry> entries(String resource) {
        return SystemTasks.runAsSystem(() ->
                log.page(new AuditQuery(null, null, "test.acted", "thing", resource, null, null, null), null, 10));
    }

    JdbcTemplate superuser() {
        return new JdbcTemplate(postgres.getPostgresDatabase());
    }

    @Test
    void an_event_is_recorded_once_even_when_it_is_delivered_twice() {
        var record = AuditRecord.success(Actor.person("tester"), Instant.now(), "test.acted", "thing", "twice");
        tx.executeWithoutResult(s -> {
            events.publishEvent(new TestAction(record));
            events.publishEvent(new TestAction(record)); // same event id: a redelivery
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> entries("twice"), list -> !list.isEmpty());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> entries("twice").size() == 1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_entries where event_id = ?", Integer.class, record.id()))
                .isEqualTo(1);
    }

    @Test
    void a_row_changed_directly_in_the_database_makes_verify_name_that_row() {
        act("before-" + UUID.randomUUID());
        AuditEntry target = act("target-" + UUID.randomUUID());
        act("after-" + UUID.randomUUID());
        assertThat(SystemTasks.runAsSystem(log::verify).intact()).isTrue();

        String original = target.actor().name();
        try {
            superuser().execute((org.springframework.jdbc.core.ConnectionCallback<Void>) con -> {
                try (var st = con.createStatement()) {
                    st.execute("set session_replication_role = replica"); // triggers off, as only a superuser can
                    st.executeUpdate("update audit_entries set actor = 'mallory' where seq = " + target.seq());
                    st.execute("set session_replication_role = origin");
                }
                return null;
            });
            AuditVerification broken = SystemTasks.runAsSystem(log::verify);
            assertThat(broken.intact()).isFalse();
            assertThat(broken.firstBadSeq()).isEqualTo(target.seq());
            assertThat(broken.problem()).contains("entry " + target.seq()).contains("does not match its hash");
        } finally {
            superuser().execute((org.springframework.jdbc.core.ConnectionCallback<Void>) con -> {
                try (var st = con.createStatement()) {
                    st.execute("set session_replication_role = replica");
                    st.executeUpdate("update audit_entries set actor = '" + original + "' where seq = " + target.seq());
                    st.execute("set session_replication_role = origin");
                }
                return null;
            });
        }
        assertThat(SystemTasks.runAsSystem(log::verify).intact()).isTrue();
    }

    @Test
    void the_portals_database_role_is_refused_an_update_and_a_delete_of_audit_entries() {
        AuditEntry entry = act("guarded-" + UUID.randomUUID());
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("federa_app");

        assertThatThrownBy(() -> jdbc.update("update audit_entries set actor = 'mallory' where seq = ?", entry.seq()))
                .rootCause()
                .hasMessageContaining("permission denied for table audit_entries");
        assertThatThrownBy(() -> jdbc.update("delete from audit_entries where seq = ?", entry.seq()))
                .rootCause()
                .hasMessageContaining("permission denied for table audit_entries");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_entries"))
                .rootCause()
                .hasMessageContaining("permission denied for table audit_entries");
        // and the trigger stops even the owner (a superuser) as long as triggers are on
        assertThatThrownBy(() ->
                        superuser().update("update audit_entries set actor = 'mallory' where seq = ?", entry.seq()))
                .rootCause()
                .hasMessageContaining("the audit log is append-only: UPDATE on audit_entries refused");
        assertThatThrownBy(() -> superuser().update("delete from audit_entries where seq = ?", entry.seq()))
                .rootCause()
                .hasMessageContaining("the audit log is append-only: DELETE on audit_entries refused");
        assertThat(jdbc.queryForObject("select actor from audit_entries where seq = ?", String.class, entry.seq()))
                .isEqualTo("tester");
    }

    @Test
    void retention_removes_old_entries_and_the_kept_chain_still_verifies_from_its_anchor() {
        act("old-" + UUID.randomUUID());
        AuditEntry last = act("kept-" + UUID.randomUUID());
        AuditLog.Purge purge = SystemTasks.runAsSystem(() -> log.purgeBefore(last.recordedAt()));
        assertThat(purge.deleted()).isPositive();
        assertThat(purge.anchorSeq()).isEqualTo(last.seq() - 1);
        assertThat(jdbc.queryForObject("select min(seq) from audit_entries", Long.class))
                .isEqualTo(last.seq());
        // the purge itself is recorded, naming the anchor; then the whole kept chain verifies
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SystemTasks.runAsSystem(() -> log.page(
                                new AuditQuery(null, null, "audit.purged", null, null, null, null, null), null, 1))
                        .stream()
                        .anyMatch(e -> e.after().get("anchorSeq").equals(String.valueOf(purge.anchorSeq()))));
        AuditVerification v = SystemTasks.runAsSystem(log::verify);
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.anchorSeq()).isEqualTo(purge.anchorSeq());
        // the anchors cannot be rewritten to hide the purge either
        assertThatThrownBy(() -> jdbc.update("update audit_anchors set hash = 'x'"))
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void a_refusal_is_recorded_in_a_transaction_of_its_own() {
        String request = "GET /nowhere/" + UUID.randomUUID();
        SystemTasks.runAsSystem(() -> {
            auditEvents.refused(request, "testing");
            return null;
        });
        AuditEntry e = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> SystemTasks.runAsSystem(() -> log.page(
                                new AuditQuery(null, null, "access.refused", "request", request, null, null, null),
                                null,
                                5)),
                        l -> l.size() == 1)
                .getFirst();
        assertThat(e.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
        assertThat(e.reason()).isEqualTo("testing");
    }
}
