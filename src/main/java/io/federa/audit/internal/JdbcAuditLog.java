package io.federa.audit.internal;

import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditPurged;
import io.federa.audit.AuditQuery;
import io.federa.audit.AuditVerification;
import io.federa.shared.Actor;
import io.federa.shared.Actors;
import io.federa.shared.AuditRecord;
import io.federa.shared.Roles;
import io.federa.shared.TeamAdministration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcAuditLog implements AuditLog {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Actors actors;
    private final TeamAdministration teamAdmins;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JdbcAuditLog(
            JdbcClient jdbc,
            JdbcTemplate template,
            Actors actors,
            TeamAdministration teamAdmins,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.actors = actors;
        this.teamAdmins = teamAdmins;
        this.events = events;
        this.clock = clock;
    }

    /** Everything, the named teams, or nothing. */
    private record Scope(boolean everything, Set<String> teams) {
        boolean nothing() {
            return !everything && teams.isEmpty();
        }
    }

    private Scope scope() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = auth != null
                && auth.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch((Roles.AUTHORITY_PREFIX + Roles.PORTAL_ADMIN)::equals);
        if (admin) {
            return new Scope(true, Set.of());
        }
        Actor me = actors.current();
        return me.kind() == Actor.Kind.PERSON
                ? new Scope(false, teamAdmins.teamsAdministeredBy(me.name()))
                : new Scope(false, Set.of());
    }

    @Override
    public boolean mayRead() {
        return !scope().nothing();
    }

    @Override
    public boolean mayReadAll() {
        return scope().everything();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> page(AuditQuery query, @Nullable Long beforeSeq, int limit) {
        Scope scope = scope();
        if (scope.nothing()) {
            return List.of();
        }
        var params = new MapSqlParameterSource();
        String where = where(query, scope, params);
        if (beforeSeq != null) {
            where += " and seq < :before";
            params.addValue("before", beforeSeq);
        }
        params.addValue("limit", Math.clamp(limit, 1, 1000));
        return new NamedParameterJdbcTemplate(template)
                .query(
                        "select * from audit_entries where " + where + " order by seq desc limit :limit",
                        params,
                        (rs, n) -> AuditRows.entry(rs));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AuditEntry> find(long seq) {
        Scope scope = scope();
        if (scope.nothing()) {
            return Optional.empty();
        }
        return jdbc.sql("select * from audit_entries where seq = :seq")
                .param("seq", seq)
                .query((rs, n) -> AuditRows.entry(rs))
                .optional()
                .filter(e ->
                        scope.everything() || (e.team() != null && scope.teams().contains(e.team())));
    }

    /** The filters as SQL over named parameters only (user input never reaches the SQL text). */
    private static String where(AuditQuery q, Scope scope, MapSqlParameterSource params) {
        List<String> clauses = new ArrayList<>();
        clauses.add("true");
        if (!scope.everything()) {
            clauses.add("team = any(:scopeTeams)");
            params.addValue("scopeTeams", scope.teams().toArray(String[]::new));
        }
        exact(clauses, params, "actor", q.actor());
        exact(clauses, params, "team", q.team());
        exact(clauses, params, "resource_type", q.resourceType());
        exact(clauses, params, "resource_id", q.resourceId());
        if (!blank(q.action())) {
            String action = q.action().trim();
            if (action.endsWith(".")) {
                clauses.add("action like :action");
                params.addValue(
                        "action",
                        action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                clauses.add("action = :action");
                params.addValue("action", action);
            }
        }
        if (q.outcome() != null) {
            clauses.add("outcome = :outcome");
            params.addValue("outcome", q.outcome().name());
        }
        if (q.from() != null) {
            clauses.add("occurred_at >= :from");
            params.addValue("from", Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            clauses.add("occurred_at < :to");
            params.addValue("to", Timestamp.from(q.to()));
        }
        return String.join(" and ", clauses);
    }

    private static void exact(
            List<String> clauses, MapSqlParameterSource params, String column, @Nullable String value) {
        if (!blank(value)) {
            clauses.add(column + " = :" + column);
            params.addValue(column, value.trim());
        }
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    @Override
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        long t0 = System.nanoTime();
        var anchor = jdbc.sql("select seq, hash from audit_anchors order by seq desc limit 1")
                .query((rs, n) -> Map.entry(rs.getLong("seq"), rs.getString("hash")))
                .optional();
        var walk = new Walk(
                anchor.map(Map.Entry::getKey).orElse(0L),
                anchor.map(Map.Entry::getValue).orElse(AuditChain.GENESIS));
        streaming().query("select * from audit_entries order by seq", rs -> {
            if (walk.bad == null) {
                walk.check(AuditRows.entry(rs));
            }
        });
        if (walk.bad == null
                && anchor.isPresent()
                && !anchorConfirmed(anchor.get().getKey(), anchor.get().getValue())) {
            walk.fail(
                    anchor.get().getKey() + 1,
                    "the retention anchor at " + anchor.get().getKey()
                            + " is not confirmed by an audit.purged entry in the chain");
        }
        return new AuditVerification(
                walk.bad == null,
                walk.checked,
                walk.bad,
                walk.problem,
                anchor.map(Map.Entry::getKey).orElse(null),
                walk.checked == 0 ? null : walk.prevHash,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Reads rows in batches (a cursor, inside the transaction) rather than all at once. */
    private JdbcTemplate streaming() {
        var t = new JdbcTemplate(java.util.Objects.requireNonNull(template.getDataSource()));
        t.setFetchSize(5_000);
        return t;
    }

    private boolean anchorConfirmed(long seq, String hash) {
        return jdbc.sql("""
                        select exists (select 1 from audit_entries where action = 'audit.purged'
                            and after ->> 'anchorSeq' = :seq and after ->> 'anchorHash' = :hash)""")
                .param("seq", Long.toString(seq))
                .param("hash", hash)
                .query(Boolean.class)
                .single();
    }

    /** A walk over the chain in seq order: each entry must follow the previous one and hash to its hash. */
    private static final class Walk {
        long expectedSeq;
        String prevHash;
        long checked;

        @Nullable
        Long bad;

        @Nullable
        String problem;

        Walk(long anchorSeq, String anchorHash) {
            this.expectedSeq = anchorSeq + 1;
            this.prevHash = anchorHash;
        }

        void check(AuditEntry e) {
            checked++;
            if (e.seq() != expectedSeq) {
                fail(e.seq(), "entry " + expectedSeq + " is missing (the next one is " + e.seq() + ")");
            } else if (!e.prevHash().equals(prevHash)) {
                fail(e.seq(), "its link to the previous entry does not match (previous entry changed or removed)");
            } else if (!AuditChain.hash(prevHash, e).equals(e.hash())) {
                fail(e.seq(), "its content does not match its hash (the entry was changed)");
            }
            expectedSeq = e.seq() + 1;
            prevHash = e.hash();
        }

        void fail(long seq, String why) {
            bad = seq;
            problem = "entry " + seq + ": " + why;
        }
    }

    @Override
    @Transactional(readOnly = true)
    public long export(AuditQuery query, ExportFormat format, OutputStream out) throws IOException {
        var params = new MapSqlParameterSource();
        String where = where(query, new Scope(true, Set.of()), params);
        var writer = new AuditExport(format, out);
        writer.header();
        try {
            new NamedParameterJdbcTemplate(streaming())
                    .query("select * from audit_entries where " + where + " order by seq", params, rs -> {
                        try {
                            writer.write(AuditRows.entry(rs));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        return writer.count();
    }

    @Override
    @Transactional
    public Purge purgeBefore(Instant keepFrom) {
        var result = jdbc.sql("select * from audit_purge(:keep)")
                .param("keep", Timestamp.from(keepFrom))
                .query((rs, n) -> new Purge(
                        rs.getLong("deleted"), (Long) rs.getObject("anchor_seq"), rs.getString("anchor_hash")))
                .single();
        Map<String, String> after = new HashMap<>();
        after.put("keptFrom", keepFrom.toString());
        after.put("deleted", Long.toString(result.deleted()));
        after.put("anchorSeq", result.anchorSeq() == null ? "" : Long.toString(result.anchorSeq()));
        after.put("anchorHash", result.anchorHash() == null ? "" : result.anchorHash());
        events.publishEvent(new AuditPurged(
                AuditRecord.success(actors.current(), clock.instant(), "audit.purged", "audit-log", "retention")
                        .after(after)));
        return result;
    }
}
