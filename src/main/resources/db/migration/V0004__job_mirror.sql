-- jobs: the mirror of every cluster's jobs, written only by the per-cluster poller
create table mirrored_jobs (
    cluster_name      varchar(63) not null,
    job_id            bigint not null,
    name              varchar(1024) not null,
    slurm_user        varchar(255) not null,
    account           varchar(255) not null,
    partition_name    varchar(255) not null,
    state             varchar(32) not null,
    state_flags       varchar(255) not null default '',
    state_reason      varchar(255) not null default '',
    submit_time       timestamp with time zone,
    start_time        timestamp with time zone,
    end_time          timestamp with time zone,
    cpus              integer not null,
    node_count        integer not null,
    nodes             varchar(4000) not null default '',
    time_limit_minutes integer,
    exit_code         integer,
    comment           varchar(4000) not null default '',
    array_job_id      bigint,
    array_task_id     integer,
    final             boolean not null,
    mirrored_at       timestamp with time zone not null,
    primary key (cluster_name, job_id)
);

-- the Jobs page: newest first, scoped by (cluster, account), filtered by state/user/partition
create index mirrored_jobs_scope on mirrored_jobs (cluster_name, account, submit_time desc, job_id desc);
create index mirrored_jobs_newest on mirrored_jobs (submit_time desc, job_id desc);
create index mirrored_jobs_open on mirrored_jobs (cluster_name) where not final;
create index mirrored_jobs_user on mirrored_jobs (slurm_user, submit_time desc);
create index mirrored_jobs_state on mirrored_jobs (state, submit_time desc);

-- per cluster: how far the poller has read
create table job_poll_cursors (
    cluster_name  varchar(63) primary key,
    changed_since timestamp with time zone,
    last_full_sync timestamp with time zone,
    last_poll     timestamp with time zone
);
