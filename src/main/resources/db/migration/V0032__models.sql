-- Model registry, environments, promotion requests and deployments (issue 15, ADR 32).

create table registered_models (
    id bigserial primary key,
    team text not null,
    name text not null,
    description text not null default '',
    created_by text not null,
    created_at timestamptz not null,
    unique (team, name)
);

-- A version is immutable once written: only deleted_at (and its tags and aliases, kept elsewhere)
-- ever change. Its file is a copy under <data-dir>/models, checked against artifact_sha256.
create table model_versions (
    id bigserial primary key,
    model_id bigint not null references registered_models (id),
    version int not null,
    format text not null check (format in ('sklearn', 'onnx', 'pytorch')),
    source text not null check (source in ('run', 'upload')),
    run_id text,
    artifact_name text not null,
    artifact_sha256 text not null,
    artifact_size bigint not null,
    template text,
    script text,
    params jsonb not null default '{}',
    metrics jsonb not null default '{}',
    cluster_name text,
    git_commit text,
    model_card text not null default '',
    created_by text not null,
    created_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by text,
    unique (model_id, version)
);
create index model_versions_run on model_versions (run_id);

create table model_version_tags (
    version_id bigint not null references model_versions (id),
    key text not null,
    value text not null,
    primary key (version_id, key)
);

create table model_aliases (
    model_id bigint not null references registered_models (id),
    alias text not null,
    version_id bigint not null references model_versions (id),
    primary key (model_id, alias)
);

create table model_environments (
    name text primary key,
    cluster_name text not null,
    namespace_pattern text not null,
    team_admins_approve boolean not null,
    approvals_needed int not null check (approvals_needed in (1, 2)),
    rollback_without_approval boolean not null,
    cpu text not null,
    memory text not null,
    min_replicas int not null,
    max_replicas int not null,
    updated_at timestamptz not null
);

create table promotion_requests (
    id bigserial primary key,
    team text not null,
    model_id bigint not null references registered_models (id),
    version_id bigint not null references model_versions (id),
    environment text not null references model_environments (name),
    kind text not null check (kind in ('PROMOTE', 'ROLLBACK')),
    canary boolean not null,
    requested_by text not null,
    comment text not null,
    state text not null check (state in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'FAILED')),
    reason text,
    created_at timestamptz not null,
    decided_at timestamptz
);
create index promotion_requests_pending on promotion_requests (state) where state = 'PENDING';

create table promotion_decisions (
    request_id bigint not null references promotion_requests (id),
    decided_by text not null,
    approved boolean not null,
    comment text not null,
    decided_at timestamptz not null,
    primary key (request_id, decided_by)
);

-- What served where and when. One deployment per approved request and step (the database's guard
-- against two approvers deploying twice); rollbacks without approval and canary promotions have no
-- request of their own.
create table model_deployments (
    id bigserial primary key,
    team text not null,
    environment text not null references model_environments (name),
    model_id bigint not null references registered_models (id),
    version_id bigint not null references model_versions (id),
    request_id bigint references promotion_requests (id),
    step text not null check (step in ('DEPLOY', 'CANARY', 'PROMOTE_CANARY', 'ROLLBACK')),
    traffic_percent int not null,
    cluster_name text not null,
    namespace text not null,
    isvc_name text not null,
    requested_by text not null,
    approved_by text,
    state text not null check (state in ('APPLIED', 'FAILED')),
    error text,
    created_at timestamptz not null,
    unique (request_id, step)
);
create index model_deployments_env on model_deployments (team, model_id, environment, id desc);

-- The key that signs the artifact URLs model servers fetch (storageUri), sealed with the secrets key.
create table model_url_key (
    id int primary key check (id = 1),
    sealed bytea not null
);

-- Immutability where it matters, in the database itself: a version's lineage and file never change
-- (only its deletion mark, and its checksum once, when the file was copied); a decided request and a
-- decision are final; the serving history is append-only.
create function models_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is immutable', tg_table_name using errcode = 'P0001';
end $$;

create function model_versions_guard() returns trigger language plpgsql as $$
begin
    if (new.model_id, new.version, new.format, new.source, new.run_id, new.artifact_name, new.template,
        new.script, new.params, new.metrics, new.cluster_name, new.git_commit, new.model_card, new.created_by,
        new.created_at)
       is distinct from
       (old.model_id, old.version, old.format, old.source, old.run_id, old.artifact_name, old.template,
        old.script, old.params, old.metrics, old.cluster_name, old.git_commit, old.model_card, old.created_by,
        old.created_at)
       or (old.artifact_sha256 <> '' and new.artifact_sha256 is distinct from old.artifact_sha256) then
        raise exception 'model versions are immutable' using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger model_versions_immutable before update on model_versions
    for each row execute function model_versions_guard();
create trigger model_versions_kept before delete on model_versions
    for each row execute function models_refuse_change();

create function promotion_requests_guard() returns trigger language plpgsql as $$
begin
    if old.state <> 'PENDING' then
        raise exception 'promotion request % was decided: it is immutable', old.id using errcode = 'P0001';
    end if;
    return new;
end $$;
create trigger promotion_requests_final before update on promotion_requests
    for each row execute function promotion_requests_guard();
create trigger promotion_requests_kept before delete on promotion_requests
    for each row execute function models_refuse_change();
create trigger promotion_decisions_final before update or delete on promotion_decisions
    for each row execute function models_refuse_change();
create trigger model_deployments_final before update or delete on model_deployments
    for each row execute function models_refuse_change();
