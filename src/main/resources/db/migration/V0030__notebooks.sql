-- Notebooks (issue 14, docs/adr/0030-notebooks.md).

-- admin-managed choices: container images (KUBERNETES) and environment lines (SLURM)
create table notebook_images (
    kind        varchar(16)  not null check (kind in ('KUBERNETES', 'SLURM')),
    name        varchar(64)  not null,
    value       varchar(500) not null,
    description varchar(500) not null default '',
    primary key (kind, name)
);

-- one row: the idle-cull times people may choose (minutes)
create table notebook_settings (
    id                   int primary key check (id = 1),
    idle_cull_min        int not null check (idle_cull_min >= 1),
    idle_cull_max        int not null,
    idle_cull_default    int not null,
    check (idle_cull_min <= idle_cull_default and idle_cull_default <= idle_cull_max)
);
insert into notebook_settings values (1, 10, 1440, 60);

create table notebooks (
    id                  varchar(32)  primary key,
    owner               varchar(255) not null,
    team                varchar(255) not null,
    kind                varchar(16)  not null check (kind in ('KUBERNETES', 'SLURM')),
    cluster             varchar(255) not null,
    image               varchar(500) not null,
    cpus                int          not null check (cpus >= 1),
    memory_mib          int          not null check (memory_mib >= 1),
    gpus                int          not null default 0 check (gpus >= 0),
    time_limit_minutes  int,
    idle_cull_minutes   int          not null,
    state               varchar(16)  not null
        check (state in ('REQUESTED', 'QUEUED', 'STARTING', 'READY', 'STOPPING', 'STOPPED', 'FAILED', 'DELETED')),
    reason              varchar(2000) not null default '',
    created_at          timestamptz  not null,
    state_changed_at    timestamptz  not null,
    started_at          timestamptz,
    last_activity_at    timestamptz,
    -- where the proxy goes: only ever written by the portal (cluster settings, or the job's report)
    upstream_url        varchar(1000),
    -- Jupyter's token, AES-GCM with the portal's secrets key (SecretBox); never leaves the portal
    jupyter_token       bytea        not null,
    -- Kubernetes
    namespace           varchar(63),
    -- Slurm
    slurm_user          varchar(255),
    account             varchar(255),
    partition           varchar(255),
    submit_started_at   timestamptz,
    slurm_job_id        bigint,
    report_token_hash   varchar(64),
    shared_with_admins  boolean      not null default false,
    cull_warned_at      timestamptz
);
create index notebooks_owner on notebooks (owner);
create index notebooks_open on notebooks (kind, state);
create unique index notebooks_slurm_job on notebooks (cluster, slurm_job_id) where slurm_job_id is not null;
