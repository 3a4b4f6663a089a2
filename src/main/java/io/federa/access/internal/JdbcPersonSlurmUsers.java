package io.federa.access.internal;

import io.federa.access.MappingRefusedException;
import io.federa.access.PersonSlurmUsers;
import io.federa.clusters.SlurmClients;
import io.federa.clusters.SlurmUser;
import io.federa.identity.PersonReplaced;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Person → Slurm user, checked against the cluster's Slurm accounting before it is stored. */
@Service
class JdbcPersonSlurmUsers implements PersonSlurmUsers {

    private static final Logger log = LoggerFactory.getLogger(JdbcPersonSlurmUsers.class);
    private static final Pattern SLURM_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,63}");

    private final JdbcClient jdbc;
    private final SlurmClients clients;
    private final Clock clock;

    JdbcPersonSlurmUsers(JdbcClient jdbc, SlurmClients clients, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> slurmUserOf(String cluster, String username) {
        return jdbc.sql("select slurm_user from person_slurm_users where cluster_name = :c and username = :u")
                .param("c", cluster)
                .param("u", username)
                .query(String.class)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, String> onCluster(String cluster) {
        var mapped = new LinkedHashMap<String, String>();
        jdbc.sql("select username, slurm_user from person_slurm_users where cluster_name = :c order by username")
                .param("c", cluster)
                .query(rs -> {
                    mapped.put(rs.getString(1), rs.getString(2));
                });
        return mapped;
    }

    /**
     * The user name now belongs to another account (ADR 18): the earlier person's Slurm users are not
     * the new account's. Synchronous, inside the resolving transaction.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(PersonReplaced event) {
        int dropped = jdbc.sql("delete from person_slurm_users where username = :u")
                .param("u", event.username())
                .update();
        if (dropped > 0) {
            log.info("{}: {} Slurm user mapping(s) of the earlier account dropped", event.username(), dropped);
        }
    }

    @Override
    @Transactional
    public void map(String cluster, String username, String slurmUser) {
        if (!SLURM_USER.matcher(slurmUser).matches()) {
            throw new MappingRefusedException("\"" + slurmUser + "\" is not a valid Slurm user name.");
        }
        boolean known = clients.forCluster(cluster).accounting().users().stream()
                .map(SlurmUser::name)
                .anyMatch(slurmUser::equals);
        if (!known) {
            throw new MappingRefusedException("Cluster " + cluster + " has no Slurm user \"" + slurmUser + "\" in its "
                    + "accounting, so jobs for " + username + " would be rejected. Add the user in Slurm "
                    + "(sacctmgr add user) or choose an existing one, then map again.");
        }
        jdbc.sql("""
                        insert into person_slurm_users (cluster_name, username, slurm_user, created_at)
                        values (:c, :u, :s, :now)
                        on conflict (cluster_name, username) do update set slurm_user = excluded.slurm_user""")
                .param("c", cluster)
                .param("u", username)
                .param("s", slurmUser)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
