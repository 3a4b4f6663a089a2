-- access: the cluster permissions console (ADR 8)

-- partitions a team may use on a cluster, comma-separated; empty: every partition
alter table team_accounts add column allowed_partitions varchar(2000) not null default '';

-- every apply of a plan to a cluster's Slurm accounting: who, when, and each change with its result
create table access_applies (
    id           bigint generated always as identity primary key,
    cluster_name varchar(63) not null,
    team         varchar(255),
    applied_by   varchar(255) not null,
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    fingerprint  varchar(64) not null
);
create index access_applies_by_cluster on access_applies (cluster_name, started_at desc);

create table access_apply_steps (
    apply_id    bigint not null references access_applies (id) on delete cascade,
    position    int not null,
    kind        varchar(32) not null,
    account     varchar(255) not null,
    slurm_user  varchar(255),
    qos         varchar(2000) not null,
    default_qos varchar(255),
    details     text not null,
    why         text not null,
    ok          boolean not null,
    error       text,
    done_at     timestamp with time zone not null,
    primary key (apply_id, position)
);

-- the last drift check per cluster: what differs between the portal and Slurm accounting
create table access_drift (
    cluster_name varchar(63) primary key,
    checked_at   timestamp with time zone not null,
    error        text
);

create table access_drift_findings (
    cluster_name varchar(63) not null references access_drift (cluster_name) on delete cascade,
    position     int not null,
    kind         varchar(32) not null,
    account      varchar(255) not null,
    slurm_user   varchar(255),
    qos          varchar(2000) not null,
    default_qos  varchar(255),
    details      text not null,
    why          text not null,
    primary key (cluster_name, position)
);
