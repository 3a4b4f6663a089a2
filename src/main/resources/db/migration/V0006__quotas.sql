-- quota: a team's limits per cluster (null = no limit)
create table team_quotas (
    team         varchar(255) not null,
    cluster_name varchar(63) not null,
    max_cpus     integer check (max_cpus >= 0),
    max_gpus     integer check (max_gpus >= 0),
    max_jobs     integer check (max_jobs >= 0),
    updated_at   timestamp with time zone not null,
    primary key (team, cluster_name)
);

-- what submissions hold until their jobs end; active = not released
create table quota_reservations (
    id           bigint generated always as identity primary key,
    team         varchar(255) not null,
    cluster_name varchar(63) not null,
    run_ref      varchar(255) not null unique,
    cpus         integer not null check (cpus >= 0),
    gpus         integer not null check (gpus >= 0),
    created_at   timestamp with time zone not null,
    released_at  timestamp with time zone
);
create index quota_reservations_active on quota_reservations (team, cluster_name) where released_at is null;
