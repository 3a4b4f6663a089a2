package io.federa.access.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcTeamAccounts implements TeamAccounts {

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
        return jdbc.sql("select team from team_accounts where cluster_name = :cluster and slurm_account = :account")
                .param("cluster", cluster)
                .param("account", slurmAccount)
                .query(String.class)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamAccount> all() {
        return jdbc.sql("select cluster_name, team, slurm_account from team_accounts order by cluster_name, team")
                .query((rs, n) -> new TeamAccount(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    @Override
    @Transactional
    public void map(TeamAccount m) {
        jdbc.sql("""
                        insert into team_accounts (cluster_name, team, slurm_account, created_at)
                        values (:cluster, :team, :account, :now)
                        on conflict (cluster_name, team) do update set slurm_account = excluded.slurm_account""")
                .param("cluster", m.cluster())
                .param("team", m.team())
                .param("account", m.slurmAccount())
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
