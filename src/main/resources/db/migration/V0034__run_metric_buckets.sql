-- issue 12 item 5, ADR 36: every metric series downsampled as its points arrive, so that a chart reads
-- a few hundred precomputed buckets instead of every point (10 runs x 3 keys x 1,000 points read 30,000
-- rows per comparison before this).
--
-- A bucket holds the points of one run's key with floor(step / width) = bucket, at two fixed widths:
--   4 steps:  a series that needs thinning at all (more points than the chart asks, 4 per bucket) spans
--             at least 4 buckets per chart bucket, so this level serves every thinned drawing;
--   64 steps: long series (a 30,000-step series at 600 points reads ~470 rows here, 7,500 at width 4).
-- Each bucket keeps how many points it holds and four of them whole (step, value, at): the first (least
-- step, then value, then time), the last (greatest, same order), the lowest (least value, then step,
-- then time) and the highest (greatest, same order). Each is a total order, so merging a batch into a
-- bucket (least/greatest) gives the same bucket whatever the order the points arrived in, duplicate
-- steps included, as computing it from the raw rows.
create table run_metric_buckets (
    run_id      varchar(16) not null,
    key         varchar(255) not null,
    width       integer not null check (width in (4, 64)),
    bucket      bigint not null,
    points      bigint not null,
    first_step  bigint not null,
    first_value double precision not null,
    first_at    timestamp with time zone not null,
    last_step   bigint not null,
    last_value  double precision not null,
    last_at     timestamp with time zone not null,
    low_step    bigint not null,
    low_value   double precision not null,
    low_at      timestamp with time zone not null,
    high_step   bigint not null,
    high_value  double precision not null,
    high_at     timestamp with time zone not null,
    primary key (run_id, key, width, bucket)
);

-- The one statement that merges rows of run_metrics' shape (run_id, key, step, value, at) read from
-- `source` into the buckets: the trigger below runs it over each insert's new rows, the rebuild over the
-- whole table. Width 64 is folded from width 4 (64 is a multiple of 4). The points travel through the
-- aggregates as float8 arrays [step, value, epoch microseconds] (or [value, step, ...]), which compare
-- element by element, exactly for steps below 2^53.
create function run_metric_buckets_merge_sql(source text) returns text language sql immutable as $f$
select format($q$
with p as (
    select run_id, key, step, value, at, (extract(epoch from at) * 1000000)::float8 as us from %s),
fine as (
    select run_id, key, step / 4 - (step %% 4 < 0)::int as bucket, count(*) as points,
        min(array[step::float8, value, us]) as f, max(array[step::float8, value, us]) as l,
        min(array[value, step::float8, us]) as lo, max(array[value, step::float8, us]) as hi
    from p group by 1, 2, 3),
levels as (
    select run_id, key, 4 as width, bucket, points, f, l, lo, hi from fine
    union all
    select run_id, key, 64, bucket / 16 - (bucket %% 16 < 0)::int, sum(points), min(f), max(l), min(lo), max(hi)
    from fine group by 1, 2, 4)
insert into run_metric_buckets as b (run_id, key, width, bucket, points,
    first_step, first_value, first_at, last_step, last_value, last_at,
    low_step, low_value, low_at, high_step, high_value, high_at)
select run_id, key, width, bucket, points,
    f[1]::int8, f[2], timestamptz 'epoch' + f[3]::int8 * interval '1 microsecond',
    l[1]::int8, l[2], timestamptz 'epoch' + l[3]::int8 * interval '1 microsecond',
    lo[2]::int8, lo[1], timestamptz 'epoch' + lo[3]::int8 * interval '1 microsecond',
    hi[2]::int8, hi[1], timestamptz 'epoch' + hi[3]::int8 * interval '1 microsecond'
from levels
on conflict (run_id, key, width, bucket) do update set
    points = b.points + excluded.points,
    (first_step, first_value, first_at) = (select * from (values (b.first_step, b.first_value, b.first_at),
        (excluded.first_step, excluded.first_value, excluded.first_at)) v order by 1, 2, 3 limit 1),
    (last_step, last_value, last_at) = (select * from (values (b.last_step, b.last_value, b.last_at),
        (excluded.last_step, excluded.last_value, excluded.last_at)) v order by 1 desc, 2 desc, 3 desc limit 1),
    (low_step, low_value, low_at) = (select * from (values (b.low_step, b.low_value, b.low_at),
        (excluded.low_step, excluded.low_value, excluded.low_at)) v order by 2, 1, 3 limit 1),
    (high_step, high_value, high_at) = (select * from (values (b.high_step, b.high_value, b.high_at),
        (excluded.high_step, excluded.high_value, excluded.high_at)) v order by 2 desc, 1 desc, 3 desc limit 1)
$q$, source)
$f$;

-- Ingestion: one statement per inserted batch, in the inserting transaction (whoever inserts: the
-- reporting API, the store, a test or a script).
create function run_metric_buckets_add() returns trigger language plpgsql as $$
begin
    execute run_metric_buckets_merge_sql('new_points');
    return null;
end $$;

create trigger run_metric_buckets_add after insert on run_metrics
    referencing new table as new_points for each statement execute function run_metric_buckets_add();

-- Buckets cannot lose a point, so a series some of whose points are deleted or changed is counted again
-- from its remaining rows (deleting a run deletes its points, V0017, and so its buckets).
create function run_metric_buckets_recount() returns trigger language plpgsql as $$
begin
    delete from run_metric_buckets b using (select distinct run_id, key from old_points) t
    where b.run_id = t.run_id and b.key = t.key;
    if tg_op = 'UPDATE' then
        delete from run_metric_buckets b using (select distinct run_id, key from new_points) t
        where b.run_id = t.run_id and b.key = t.key;
        execute run_metric_buckets_merge_sql('(select * from run_metrics m where (m.run_id, m.key) in '
            || '(select run_id, key from old_points union select run_id, key from new_points)) touched');
    else
        execute run_metric_buckets_merge_sql('(select * from run_metrics m where (m.run_id, m.key) in '
            || '(select run_id, key from old_points)) touched');
    end if;
    return null;
end $$;

create trigger run_metric_buckets_delete after delete on run_metrics
    referencing old table as old_points for each statement execute function run_metric_buckets_recount();
create trigger run_metric_buckets_update after update on run_metrics
    referencing old table as old_points new table as new_points for each statement execute function run_metric_buckets_recount();

create function run_metric_buckets_clear() returns trigger language plpgsql as $$
begin
    truncate run_metric_buckets;
    return null;
end $$;

create trigger run_metric_buckets_truncate after truncate on run_metrics
    for each statement execute function run_metric_buckets_clear();

-- Counts every bucket again from the raw rows: once here for the points stored before this migration,
-- and after a bulk load that skipped triggers (session_replication_role = replica, as RunsBenchmark's
-- seed does): select run_metric_buckets_rebuild();
create function run_metric_buckets_rebuild() returns void language plpgsql as $$
begin
    truncate run_metric_buckets;
    execute run_metric_buckets_merge_sql('run_metrics');
end $$;

select run_metric_buckets_rebuild();
