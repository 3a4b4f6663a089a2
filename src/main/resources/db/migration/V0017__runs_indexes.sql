-- jobs: metrics ingest without a per-row foreign key check, and an index for the admin runs list
-- (both measured by scripts/bench.sh runs; numbers in README "Benchmarks").
-- The foreign key run_metrics.run_id -> runs.id ran one lookup-and-lock of the run per inserted point:
-- a 10,000-point batch spent ~80 % of its time there (EXPLAIN ANALYZE: 10,000 trigger calls).
-- The same guarantees, once per statement instead of once per row:
--   * every inserted point belongs to an existing run (checked over the statement's new rows);
--   * deleting a run deletes its points (as "on delete cascade" did).
-- Runs are never deleted while their job still reports, so the row lock the foreign key took buys nothing.
alter table run_metrics drop constraint run_metrics_run_id_fkey;

create function run_metrics_run_exists() returns trigger language plpgsql as $$
begin
    if exists (select 1 from new_points p where not exists (select 1 from runs r where r.id = p.run_id)) then
        raise foreign_key_violation using message = 'run_metrics: a point refers to a run that does not exist';
    end if;
    return null;
end $$;

create trigger run_metrics_run_exists after insert on run_metrics
    referencing new table as new_points for each statement execute function run_metrics_run_exists();

create function runs_delete_metrics() returns trigger language plpgsql as $$
begin
    delete from run_metrics m using old_runs o where m.run_id = o.id;
    return null;
end $$;

create trigger runs_delete_metrics after delete on runs
    referencing old table as old_runs for each statement execute function runs_delete_metrics();

-- A portal admin's runs list (all teams, newest first) read the whole table and sorted it; over 10,000
-- runs its first page took p95 ~100 ms. Teams' lists use runs_team_newest (V0012).
create index runs_newest on runs (created_at desc, id desc);
