-- jobs: GPUs of a mirrored job (from its TRES), and when its usage was last handed to the ledger
-- (null = due: new, or changed since; the job-mirror upsert resets it on every real change)
alter table mirrored_jobs add column gpus integer not null default 0;
alter table mirrored_jobs add column usage_recorded_at timestamp with time zone;
create index mirrored_jobs_usage_due on mirrored_jobs (cluster_name, job_id)
    where usage_recorded_at is null and start_time is not null;

-- quota: the usage ledger. One row per job as last recorded, keyed like the mirror ...
create table usage_jobs (
    cluster_name  varchar(63) not null,
    job_id        bigint not null,
    team          varchar(255) not null,
    start_time    timestamp with time zone not null,
    end_time      timestamp with time zone,           -- null while the job runs
    counted_until timestamp with time zone not null,  -- end_time, or "now" at recording
    cpus          integer not null check (cpus >= 0),
    gpus          integer not null check (gpus >= 0),
    recorded_at   timestamp with time zone not null,
    primary key (cluster_name, job_id)
);

-- ... and its per-day slices (UTC days): re-recording a job replaces all of its slices
create table usage_days (
    cluster_name varchar(63) not null,
    job_id       bigint not null,
    day          date not null,
    team         varchar(255) not null,
    cpu_seconds  bigint not null check (cpu_seconds >= 0),
    gpu_seconds  bigint not null check (gpu_seconds >= 0),
    primary key (cluster_name, job_id, day),
    foreign key (cluster_name, job_id) references usage_jobs (cluster_name, job_id) on delete cascade
);
-- every read is "one team, a range of days, maybe one cluster"
create index usage_days_team on usage_days (team, day, cluster_name) include (cpu_seconds, gpu_seconds);
