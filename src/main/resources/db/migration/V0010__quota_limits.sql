-- quota: monthly CPU- and GPU-hours per team and cluster (null = no limit; enforced elsewhere, see ADR 9),
-- and a version that grows with every change, so that the QOS push knows what it has pushed
alter table team_quotas
    add column cpu_hours_per_month integer check (cpu_hours_per_month >= 0),
    add column gpu_hours_per_month integer check (gpu_hours_per_month >= 0),
    add column version bigint not null default 1;

-- the team's QOS on the cluster as last pushed: pending while pushed_version < team_quotas.version
create table quota_qos_pushes (
    team             varchar(255) not null,
    cluster_name     varchar(63) not null,
    qos_name         varchar(255) not null,
    pushed_version   bigint,
    pushed_at        timestamp with time zone,
    last_attempt_at  timestamp with time zone,
    last_error       text,
    note             text,
    drift            text,
    drift_at         timestamp with time zone,
    primary key (team, cluster_name),
    foreign key (team, cluster_name) references team_quotas (team, cluster_name) on delete cascade
);

-- notebooks: the portal-wide default (exactly one row) and per-team settings that replace it
create table notebook_quota_defaults (
    id             boolean primary key default true check (id),
    max_per_person integer check (max_per_person >= 0),
    max_per_team   integer check (max_per_team >= 0),
    updated_at     timestamp with time zone not null
);
insert into notebook_quota_defaults (id, max_per_person, max_per_team, updated_at) values (true, null, null, now());

create table team_notebook_quotas (
    team           varchar(255) primary key,
    max_per_person integer check (max_per_person >= 0),
    max_per_team   integer check (max_per_team >= 0),
    updated_at     timestamp with time zone not null
);

-- one row per team that ever reserved a notebook: reservations of a team lock it (select ... for update)
create table notebook_team_locks (
    team varchar(255) primary key
);

create table notebook_reservations (
    id           bigint generated always as identity primary key,
    team         varchar(255) not null,
    username     varchar(255) not null,
    session_ref  varchar(255) not null,
    created_at   timestamp with time zone not null,
    released_at  timestamp with time zone
);
create index notebook_reservations_active on notebook_reservations (team, username) where released_at is null;
-- a session holds at most one active reservation (a released ref may be reserved again)
create unique index notebook_reservations_one_active on notebook_reservations (session_ref) where released_at is null;
