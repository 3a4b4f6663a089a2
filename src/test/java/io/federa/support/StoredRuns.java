package io.federa.support;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run row written straight into the database, for tests of what the portal does with a run's data
 * (metrics, logs, quotas) that need no Slurm job: alice's, on c1, its token hash {@code hash-<id>}.
 */
public final class StoredRuns {

    private StoredRuns() {}

    public static void insert(JdbcTemplate jdbc, String id, String team, String state) {
        jdbc.update("""
                insert into runs (id, team, owner, cluster_name, slurm_user, account, script, job_name, tasks,
                    cpus_per_task, gpus, output_path, working_directory, exclusive, state, created_at, token_hash)
                values (?, ?, 'alice', 'c1', 'alice', 'team-a', 'true', 'j', 1, 1, 0, '/tmp/o', '/tmp', false,
                    ?, now(), ?)""", id, team, state, "hash-" + id);
    }
}
