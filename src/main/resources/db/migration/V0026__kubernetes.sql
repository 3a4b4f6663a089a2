-- kubernetes: the registry of Kubernetes clusters (ADR 16). Credentials (a client key + certificate,
-- or a bearer token) are AES-GCM ciphertext (shared.SecretBox); the CA certificate is public.
create table kubernetes_clusters (
    id                     bigint generated always as identity primary key,
    name                   varchar(63) not null unique,
    api_url                varchar(2048) not null,
    ca_certificate         text,
    auth_kind              varchar(24) not null check (auth_kind in ('CLIENT_CERTIFICATE', 'BEARER_TOKEN')),
    credentials_ciphertext bytea not null,
    notebook_gateway_url   varchar(2048),
    namespace_pattern      varchar(255) not null,
    enabled                boolean not null default true,
    created_at             timestamp with time zone not null,
    updated_at             timestamp with time zone not null
);

-- what the health poller last saw; pages read this, never the API server
create table kubernetes_cluster_status (
    cluster_id   bigint primary key references kubernetes_clusters (id) on delete cascade,
    state        varchar(16) not null check (state in ('UNKNOWN', 'UP', 'DEGRADED', 'DOWN')),
    reason       varchar(2000) not null default '',
    last_check   timestamp with time zone,
    last_contact timestamp with time zone,
    version      varchar(64) not null default '',
    features     varchar(255) not null default '',
    latency_ms   integer
);

-- which teams may use which Kubernetes cluster (each such team gets a Profile there)
create table kubernetes_team_access (
    cluster_id bigint not null references kubernetes_clusters (id) on delete cascade,
    team       varchar(255) not null,
    granted_by varchar(255) not null,
    granted_at timestamp with time zone not null,
    primary key (cluster_id, team)
);

-- a team's Profile on a cluster as last pushed, and drift found
create table kubernetes_profiles (
    cluster_id      bigint not null references kubernetes_clusters (id) on delete cascade,
    team            varchar(255) not null,
    profile_name    varchar(63) not null,
    pushed_spec     text,
    pushed_at       timestamp with time zone,
    last_attempt_at timestamp with time zone,
    last_error      text,
    drift           text,
    drift_at        timestamp with time zone,
    primary key (cluster_id, team)
);

-- the watch-fed mirror of the custom resources the portal owns (label federa.io/managed-by=federa);
-- namespace '' for cluster-scoped kinds (Profile)
create table kubernetes_resources (
    cluster_id       bigint not null references kubernetes_clusters (id) on delete cascade,
    kind             varchar(32) not null,
    namespace        varchar(63) not null,
    name             varchar(253) not null,
    uid              varchar(64) not null,
    resource_version varchar(64) not null,
    generation       bigint,
    team             varchar(255),
    owner            varchar(255),
    labels           jsonb not null,
    spec             jsonb,
    status           jsonb,
    created_at       timestamp with time zone,
    mirrored_at      timestamp with time zone not null,
    primary key (cluster_id, kind, namespace, name)
);
create index kubernetes_resources_team on kubernetes_resources (team, kind);

-- per cluster and kind: where the watch resumes (the last resourceVersion seen) and how it went
create table kubernetes_watches (
    cluster_id       bigint not null references kubernetes_clusters (id) on delete cascade,
    kind             varchar(32) not null,
    resource_version varchar(64),
    listed_at        timestamp with time zone,
    relists          integer not null default 0,
    last_event_at    timestamp with time zone,
    last_error       text,
    primary key (cluster_id, kind)
);
