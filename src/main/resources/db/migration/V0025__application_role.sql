-- The role the portal connects as (ADR 19): it may read and write the portal's tables but not change
-- or delete audit entries. Created when the migrating role may create roles (the embedded database,
-- where migrations run as the superuser); on an external database a DBA creates federa_app (LOGIN)
-- before the first start and the grants below apply to it. New tables of later migrations are
-- granted through the default privileges.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'federa_app')
            and exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
        create role federa_app login;
    end if;
    if exists (select 1 from pg_roles where rolname = 'federa_app') then
        grant usage on schema public to federa_app;
        grant select, insert, update, delete, truncate, references on all tables in schema public to federa_app;
        grant usage, select, update on all sequences in schema public to federa_app;
        alter default privileges in schema public
            grant select, insert, update, delete, truncate, references on tables to federa_app;
        alter default privileges in schema public grant usage, select, update on sequences to federa_app;
        revoke update, delete, truncate on audit_entries, audit_anchors from federa_app;
        revoke all on function audit_purge(timestamptz) from public;
        grant execute on function audit_purge(timestamptz) to federa_app;
    end if;
end
$$;
