-- jobs: runs submitted through the portal (docs/adr/0011-runs-idempotent-submission-and-reporting.md)
create table runs (
    id                 varchar(16) primary key,
    team               varchar(255) not null,
    owner              varchar(255) not null,
    cluster_name       varchar(63) not null,
    slurm_user         varchar(255) not null,
    account            varchar(255) not null,
    script             text not null,
    job_name           varchar(255) not null,
    tasks              integer not null check (tasks >= 1),
    cpus_per_task      integer not null check (cpus_per_task >= 1),
    nodes              integer check (nodes >= 1),
    gpus               integer not null check (gpus >= 0),
    gres               varchar(255),
    partition_name     varchar(255),
    time_limit_minutes integer,
    output_path        varchar(4096) not null,
    working_directory  varchar(4096) not null,
    exclusive          boolean not null,
    git_commit         varchar(64),
    notes              text not null default '',
    state              varchar(16) not null,
    state_reason       varchar(4000) not null default '',
    slurm_job_id       bigint,
    -- set just before the submit request is sent; with no job id it means "answer not (yet) seen"
    submit_started_at  timestamp with time zone,
    submitted_at       timestamp with time zone,
    ended_at           timestamp with time zone,
    created_at         timestamp with time zone not null,
    token_hash         varchar(64) not null unique,
    token_expires_at   timestamp with time zone
);
create index runs_team_newest on runs (team, created_at desc, id desc);
create index runs_open on runs (cluster_name) where ended_at is null;
create unique index runs_slurm_job on runs (cluster_name, slurm_job_id) where slurm_job_id is not null;

create table run_states (
    run_id  varchar(16) not null references runs (id) on delete cascade,
    seq     bigint generated always as identity,
    state   varchar(16) not null,
    reason  varchar(4000) not null default '',
    at      timestamp with time zone not null,
    primary key (run_id, seq)
);

-- submitted params (source 'submit') and params the job reports (source 'job')
create table run_params (
    run_id  varchar(16) not null references runs (id) on delete cascade,
    key     varchar(255) not null,
    value   varchar(4000) not null,
    source  varchar(8) not null,
    primary key (run_id, key)
);

create table run_tags (
    run_id  varchar(16) not null references runs (id) on delete cascade,
    key     varchar(255) not null,
    value   varchar(4000) not null,
    primary key (run_id, key)
);

create table run_metrics (
    run_id  varchar(16) not null references runs (id) on delete cascade,
    key     varchar(255) not null,
    step    bigint not null,
    value   double precision not null,
    at      timestamp with time zone not null
);
create index run_metrics_series on run_metrics (run_id, key, step);

create table run_logs (
    seq     bigint generated always as identity primary key,
    run_id  varchar(16) not null references runs (id) on delete cascade,
    line    text not null,
    at      timestamp with time zone not null
);
create index run_logs_run on run_logs (run_id, seq);

create table run_artifacts (
    run_id      varchar(16) not null references runs (id) on delete cascade,
    name        varchar(255) not null,
    size_bytes  bigint not null,
    sha256      varchar(64) not null,
    stored_at   timestamp with time zone not null,
    primary key (run_id, name)
);
