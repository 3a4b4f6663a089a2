package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reading an {@code audit_entries} row. */
final class AuditRows {

    private AuditRows() {}

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong("seq"),
                rs.getObject("event_id", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("recorded_at").toInstant(),
                new Actor(
                        Actor.Kind.valueOf(rs.getString("actor_kind")),
                        rs.getString("actor"),
                        rs.getString("on_behalf_of"),
                        rs.getString("client_address"),
                        rs.getString("user_agent")),
                rs.getString("action"),
                rs.getString("resource_type"),
                rs.getString("resource_id"),
                rs.getString("team"),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("reason"),
                AuditChain.map(rs.getString("before")),
                AuditChain.map(rs.getString("after")),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
