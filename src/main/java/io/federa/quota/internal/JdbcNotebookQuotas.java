package io.federa.quota.internal;

import io.federa.identity.CurrentUser;
import io.federa.quota.InvalidQuotaException;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.NotebookReservation;
import io.federa.quota.QuotaExceededException;
import io.federa.quota.QuotasChanged;
import io.federa.quota.TeamNotebookQuota;
import io.federa.shared.NotAllowedException;
import io.federa.tenancy.TeamDirectory;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notebook reservations are serialized per team by a row lock on the team's row in {@code
 * notebook_team_locks} (created on first use), the same way {@link JdbcQuotas#reserve} locks the quota
 * row: counting the open notebooks and inserting the new one happen while no other reservation of
 * that team can.
 */
@Service
class JdbcNotebookQuotas implements NotebookQuotas {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TeamDirectory teams;
    private final ApplicationEventPublisher events;

    private final QuotaAudit audit;

    JdbcNotebookQuotas(
            JdbcClient jdbc, Clock clock, TeamDirectory teams, ApplicationEventPublisher events, QuotaAudit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.teams = teams;
        this.events = events;
    }

    @Override
    @Transactional(readOnly = true)
    public NotebookLimits defaults() {
        return jdbc.sql("select max_per_person, max_per_team from notebook_quota_defaults")
                .query((rs, n) -> new NotebookLimits(
                        (Integer) rs.getObject("max_per_person"), (Integer) rs.getObject("max_per_team")))
                .single();
    }

    @Override
    @Transactional
    public void setDefaults(NotebookLimits limits) {
        validate(limits);
        audit.notebookLimitsSet("notebook-quota.defaults-set", null, defaults(), limits);
        jdbc.sql("update notebook_quota_defaults set max_per_person = :person, max_per_team = :team, updated_at = :now")
                .param("person", limits.maxPerPerson(), Types.INTEGER)
                .param("team", limits.maxPerTeam(), Types.INTEGER)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<NotebookLimits> teamSetting(String team) {
        return jdbc.sql("select max_per_person, max_per_team from team_notebook_quotas where team = :team")
                .param("team", team)
                .query((rs, n) -> new NotebookLimits(
                        (Integer) rs.getObject("max_per_person"), (Integer) rs.getObject("max_per_team")))
                .optional();
    }

    @Override
    @Transactional
    public void setTeamLimits(String team, NotebookLimits limits) {
        if (team.isBlank()) {
            throw new InvalidQuotaException("Choose the team the notebook limits are for.");
        }
        validate(limits);
        audit.notebookLimitsSet("notebook-quota.set", team, teamSetting(team).orElse(null), limits);
        jdbc.sql("""
                        insert into team_notebook_quotas (team, max_per_person, max_per_team, updated_at)
                        values (:team, :person, :max, :now)
                        on conflict (team) do update set max_per_person = excluded.max_per_person,
                            max_per_team = excluded.max_per_team, updated_at = excluded.updated_at""")
                .param("team", team)
                .param("person", limits.maxPerPerson(), Types.INTEGER)
                .param("max", limits.maxPerTeam(), Types.INTEGER)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(new QuotasChanged(team));
    }

    @Override
    @Transactional
    public void clearTeamLimits(String team) {
        teamSetting(team).ifPresent(before -> audit.notebookLimitsSet("notebook-quota.cleared", team, before, null));
        jdbc.sql("delete from team_notebook_quotas where team = :team")
                .param("team", team)
                .update();
        events.publishEvent(new QuotasChanged(team));
    }

    @Override
    @Transactional(readOnly = true)
    public NotebookLimits limitsOf(String team) {
        return teamSetting(team).orElseGet(this::defaults);
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamNotebookQuota> teams() {
        NotebookLimits defaults = defaults();
        return jdbc.sql("""
                        select t.team, q.max_per_person, q.max_per_team, q.team is not null as own,
                            (select count(*) from notebook_reservations r
                             where r.team = t.team and r.released_at is null) as open
                        from (select team from team_notebook_quotas
                              union select team from notebook_reservations where released_at is null) t
                        left join team_notebook_quotas q on q.team = t.team
                        order by t.team""")
                .query((rs, n) -> {
                    NotebookLimits own = rs.getBoolean("own")
                            ? new NotebookLimits(
                                    (Integer) rs.getObject("max_per_person"), (Integer) rs.getObject("max_per_team"))
                            : null;
                    return new TeamNotebookQuota(
                            rs.getString("team"), own != null ? own : defaults, own, rs.getInt("open"));
                })
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public TeamNotebookQuota notebookQuotaOf(CurrentUser user, String team) {
        if (!teams.mayActFor(user, team)) {
            throw new NotAllowedException("You are not a member of team " + team + ".");
        }
        Optional<NotebookLimits> own = teamSetting(team);
        return new TeamNotebookQuota(team, own.orElseGet(this::defaults), own.orElse(null), openIn(team));
    }

    @Override
    @Transactional(readOnly = true)
    public int openBy(String team, String username) {
        return jdbc.sql("""
                        select count(*) from notebook_reservations
                        where team = :team and username = :user and released_at is null""")
                .param("team", team)
                .param("user", username)
                .query(Integer.class)
                .single();
    }

    @Override
    @Transactional
    public NotebookReservation reserveNotebook(String team, String username, String sessionRef) {
        if (team.isBlank() || username.isBlank() || sessionRef.isBlank()) {
            throw new IllegalArgumentException("team, username and session are required");
        }
        jdbc.sql("insert into notebook_team_locks (team) values (:team) on conflict do nothing")
                .param("team", team)
                .update();
        // the lock: held until commit, so the counts below cannot change under us
        jdbc.sql("select team from notebook_team_locks where team = :team for update")
                .param("team", team)
                .query(String.class)
                .single();
        Optional<NotebookReservation> existing = find(sessionRef);
        if (existing.isPresent()) {
            return existing.get();
        }
        NotebookLimits limits = limitsOf(team);
        int byPerson = openBy(team, username);
        if (limits.maxPerPerson() != null && byPerson + 1 > limits.maxPerPerson()) {
            throw new QuotaExceededException("In team " + team + " one person may have " + limits.maxPerPerson()
                    + " notebook(s) open at once, and " + username + " has " + byPerson
                    + " open: close one before starting another.");
        }
        int byTeam = openIn(team);
        if (limits.maxPerTeam() != null && byTeam + 1 > limits.maxPerTeam()) {
            throw new QuotaExceededException("Team " + team + " may have " + limits.maxPerTeam()
                    + " notebook(s) open at once and has " + byTeam + " open (none left): close one first.");
        }
        long id = jdbc.sql("""
                        insert into notebook_reservations (team, username, session_ref, created_at)
                        values (:team, :user, :ref, :now) returning id""")
                .param("team", team)
                .param("user", username)
                .param("ref", sessionRef)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        events.publishEvent(new QuotasChanged(team));
        return new NotebookReservation(id, team, username, sessionRef);
    }

    @Override
    @Transactional
    public void releaseNotebook(String sessionRef) {
        jdbc.sql("""
                        update notebook_reservations set released_at = :now
                        where session_ref = :ref and released_at is null returning team""")
                .param("now", Timestamp.from(clock.instant()))
                .param("ref", sessionRef)
                .query(String.class)
                .optional()
                .ifPresent(team -> events.publishEvent(new QuotasChanged(team)));
    }

    private int openIn(String team) {
        return jdbc.sql("select count(*) from notebook_reservations where team = :team and released_at is null")
                .param("team", team)
                .query(Integer.class)
                .single();
    }

    private Optional<NotebookReservation> find(String sessionRef) {
        return jdbc.sql("select * from notebook_reservations where session_ref = :ref and released_at is null")
                .param("ref", sessionRef)
                .query((rs, n) -> new NotebookReservation(
                        rs.getLong("id"), rs.getString("team"), rs.getString("username"), rs.getString("session_ref")))
                .optional();
    }

    private static void validate(NotebookLimits limits) {
        nonNegative("Notebooks per person", limits.maxPerPerson());
        nonNegative("Notebooks per team", limits.maxPerTeam());
    }

    private static void nonNegative(String field, @Nullable Integer value) {
        if (value != null && value < 0) {
            throw new InvalidQuotaException(field + " must be 0 or more (leave it empty for no limit).");
        }
    }
}
