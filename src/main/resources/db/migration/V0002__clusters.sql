-- clusters: the registry. Secrets are AES-GCM ciphertext (see docs/adr/0005-cluster-trust-model.md).
create table clusters (
    id                 bigint generated always as identity primary key,
    name               varchar(63) not null unique,
    rest_url           varchar(2048) not null,
    auth_mode          varchar(16) not null check (auth_mode in ('JWT_KEY', 'STATIC_TOKEN')),
    secret_ciphertext  bytea not null,
    admin_user         varchar(255) not null,
    pinned_api_version varchar(16),
    enabled            boolean not null default true,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null
);

-- what the health poller last saw; a page view reads this, never Slurm
create table cluster_status (
    cluster_id      bigint primary key references clusters (id) on delete cascade,
    state           varchar(16) not null check (state in ('UNKNOWN', 'UP', 'DEGRADED', 'DOWN')),
    reason          varchar(2000) not null default '',
    last_check      timestamp with time zone,
    last_contact    timestamp with time zone,
    slurm_release   varchar(64) not null default '',
    api_version     varchar(16) not null default '',
    latency_ms      integer
);

create table cluster_partitions (
    cluster_id           bigint not null references clusters (id) on delete cascade,
    name                 varchar(255) not null,
    state                varchar(32) not null,
    is_default           boolean not null,
    total_nodes          integer not null,
    total_cpus           integer not null,
    nodes                varchar(4000) not null,
    max_time_minutes     integer,
    default_time_minutes integer,
    max_nodes_per_job    integer,
    primary key (cluster_id, name)
);

create table cluster_nodes (
    cluster_id          bigint not null references clusters (id) on delete cascade,
    name                varchar(255) not null,
    state               varchar(64) not null,
    state_flags         varchar(1000) not null,
    cpus_total          integer not null,
    cpus_allocated      integer not null,
    memory_total_mb     bigint not null,
    memory_allocated_mb bigint not null,
    gres                varchar(1000) not null,
    gpus_total          integer not null,
    cpu_load            double precision not null,
    partitions          varchar(2000) not null,
    reason              varchar(2000) not null,
    primary key (cluster_id, name)
);
