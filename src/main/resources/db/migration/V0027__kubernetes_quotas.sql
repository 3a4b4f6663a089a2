-- quota: a team's resource quota on a Kubernetes cluster (its Profile's resourceQuotaSpec; ADR 16).
-- cpu and memory are Kubernetes quantities as entered ("8", "500m", "16Gi"); null = no limit.
create table kubernetes_quotas (
    team         varchar(255) not null,
    cluster_name varchar(63) not null,
    cpu          varchar(64),
    memory       varchar(64),
    gpus         integer check (gpus >= 0),
    pods         integer check (pods >= 0),
    updated_at   timestamp with time zone not null,
    primary key (team, cluster_name)
);
