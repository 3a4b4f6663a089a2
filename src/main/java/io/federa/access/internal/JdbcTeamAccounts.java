package io.federa.access.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.MappingRefusedException;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcTeamAccounts implements TeamAccounts {

    /** Slurm account and partition names: no commas, no spaces (partitions are stored comma-joined). */
    private static final Pattern SLURM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcTeamAccounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<ClusterAccount> accountsOf(Collection<String> teams) {
        if (teams.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select cluster_name, slurm_account from team_accounts where team in (:teams)")
                .param("teams", List.copyOf(teams))
                .query((rs, n) -> new ClusterAccount(rs.getString(1), rs.getString(2)))
                .list());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> teamOf(String cluster, String slurmAccount) {
        return jdbc.sql("select team from team_accounts where cluster_name = :c and slurm_account = :a")
                .param("c", cluster)
                .param("a", slurmAccount)
                .query(String.class)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> allowedPartitions(String team, String cluster) {
        return jdbc.sql("select allowed_partitions from team_accounts where cluster_name = :c and team = :t")
                .param("c", cluster)
                .param("t", team)
                .query(String.class)
                .optional()
                .map(JdbcTeamAccounts::split)
                .orElse(List.of());
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamAccount> all() {
        return jdbc.sql("""
                        select cluster_name, team, slurm_account, allowed_partitions
                        from team_accounts order by cluster_name, team""").query((rs, n) -> row(rs)).list();
    }

    @Override
    @Transactional
    public void map(TeamAccount m) {
        if (!SLURM_NAME.matcher(m.slurmAccount()).matches()) {
            throw new MappingRefusedException("\"" + m.slurmAccount() + "\" is not a valid Slurm account name "
                    + "(letters, digits, '_', '.', '-'; at most 64).");
        }
        for (String p : m.allowedPartitions()) {
            if (!SLURM_NAME.matcher(p).matches()) {
                throw new MappingRefusedException("\"" + p + "\" is not a valid partition name.");
            }
        }
        Optional<String> holder = teamOf(m.cluster(), m.slurmAccount());
        if (holder.isPresent() && !holder.get().equals(m.team())) {
            throw new MappingRefusedException("On " + m.cluster() + ", account " + m.slurmAccount()
                    + " is already the account of team " + holder.get() + ". One account serves one team: "
                    + "choose another account, or re-map " + holder.get() + " first.");
        }
        jdbc.sql("""
                        insert into team_accounts (cluster_name, team, slurm_account, allowed_partitions, created_at)
                        values (:cluster, :team, :account, :partitions, :now)
                        on conflict (cluster_name, team) do update
                        set slurm_account = excluded.slurm_account, allowed_partitions = excluded.allowed_partitions""")
                .param("cluster", m.cluster())
                .param("team", m.team())
                .param("account", m.slurmAccount())
                .param("partitions", String.join(",", m.allowedPartitions()))
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    @Override
    @Transactional
    public void unmap(String cluster, String team) {
        jdbc.sql("delete from team_accounts where cluster_name = :c and team = :t")
                .param("c", cluster)
                .param("t", team)
                .update();
    }

    private static TeamAccount row(ResultSet rs) throws SQLException {
        return new TeamAccount(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)));
    }

    private static List<String> split(String joined) {
        return joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }
}
