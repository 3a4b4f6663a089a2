-- The audit log (ADR 19): append-only, hash-chained. Each entry carries the SHA-256 of the previous
-- entry's hash and its own canonical form; seq is assigned by the one appender under an advisory
-- lock, so the chain has no gaps and no forks. Rows can be neither changed nor deleted (trigger, for
-- every role; and no UPDATE/DELETE grant for the application role, V0025), except through
-- audit_purge(), which first records an anchor (the hash where the kept chain starts).
create table audit_entries (
    seq            bigint primary key,
    event_id       uuid not null unique,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null,
    actor_kind     varchar(20) not null,
    actor          varchar(200) not null,
    on_behalf_of   varchar(200),
    client_address varchar(100),
    user_agent     varchar(300),
    action         varchar(100) not null,
    resource_type  varchar(50) not null,
    resource_id    varchar(300) not null,
    team           varchar(100),
    outcome        varchar(10) not null check (outcome in ('SUCCESS', 'REFUSED', 'FAILED')),
    reason         text,
    before         jsonb not null,
    after          jsonb not null,
    prev_hash      char(64) not null,
    hash           char(64) not null
);
-- the audit page's filters, each newest first (keyset paging on seq)
create index audit_entries_actor on audit_entries (actor, seq desc);
create index audit_entries_team on audit_entries (team, seq desc);
create index audit_entries_action on audit_entries (action, seq desc);
create index audit_entries_resource on audit_entries (resource_type, resource_id, seq desc);
create index audit_entries_not_success on audit_entries (outcome, seq desc) where outcome <> 'SUCCESS';
create index audit_entries_occurred on audit_entries (occurred_at);

-- Where the kept chain starts after a retention purge: the seq and hash of the last entry removed.
create table audit_anchors (
    seq           bigint primary key,
    hash          char(64) not null,
    purged_before timestamptz not null,
    purged_at     timestamptz not null,
    deleted       bigint not null
);

create function audit_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and tg_table_name = 'audit_entries'
            and current_setting('federa.audit_purge', true) = 'on' then
        return old;
    end if;
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entries_append_only before update or delete on audit_entries
    for each row execute function audit_refuse_change();
create trigger audit_entries_no_truncate before truncate on audit_entries
    for each statement execute function audit_refuse_change();
create trigger audit_anchors_append_only before update or delete on audit_anchors
    for each row execute function audit_refuse_change();
create trigger audit_anchors_no_truncate before truncate on audit_anchors
    for each statement execute function audit_refuse_change();

-- Retention: removes every entry recorded before keep_from (a prefix of the chain, never the newest
-- entry) after recording the anchor; runs as the table owner, so the application role needs only
-- EXECUTE on it. Serialized with appends by the appender's advisory lock.
create function audit_purge(keep_from timestamptz)
    returns table (anchor_seq bigint, anchor_hash char(64), deleted bigint)
    language plpgsql security definer set search_path = public as $$
declare
    last_seq  bigint;
    last_hash char(64);
    n         bigint;
begin
    perform pg_advisory_xact_lock(70418160);
    select max(e.seq) into last_seq from audit_entries e
        where e.recorded_at < keep_from and e.seq < (select max(seq) from audit_entries);
    if last_seq is null then
        return query select null::bigint, null::char(64), 0::bigint;
        return;
    end if;
    select e.hash into last_hash from audit_entries e where e.seq = last_seq;
    perform set_config('federa.audit_purge', 'on', true);
    delete from audit_entries e where e.seq <= last_seq;
    get diagnostics n = row_count;
    perform set_config('federa.audit_purge', 'off', true);
    insert into audit_anchors (seq, hash, purged_before, purged_at, deleted)
        values (last_seq, last_hash, keep_from, now(), n);
    return query select last_seq, last_hash, n;
end
$$;
