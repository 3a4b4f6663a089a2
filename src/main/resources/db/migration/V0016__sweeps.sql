-- jobs: sweeps, each one Slurm job array; each trial is a run (docs/adr/0012-sweeps-as-job-arrays.md)
create table sweeps (
    id                 varchar(16) primary key,
    team               varchar(255) not null,
    owner              varchar(255) not null,
    cluster_name       varchar(63) not null,
    slurm_user         varchar(255) not null,
    account            varchar(255) not null,
    -- the user's script, without the generated preamble (that one holds the trials' tokens)
    script             text not null,
    -- the parameter space in the form's notation (SweepSpace), and how it is searched
    space              text not null,
    strategy           varchar(8) not null,
    samples            integer not null,
    seed               bigint not null,
    objective_metric   varchar(255) not null,
    objective_goal     varchar(8) not null,
    max_concurrent     integer not null check (max_concurrent >= 1),
    trial_count        integer not null check (trial_count >= 1),
    -- what each trial asks for (the quota holds cpus * max_concurrent)
    job_name           varchar(255) not null,
    cpus_per_trial     integer not null,
    gpus_per_trial     integer not null,
    partition_name     varchar(255),
    time_limit_minutes integer,
    notes              text not null default '',
    state              varchar(16) not null,
    state_reason       varchar(4000) not null default '',
    array_job_id       bigint,
    submit_started_at  timestamp with time zone,
    submitted_at       timestamp with time zone,
    ended_at           timestamp with time zone,
    created_at         timestamp with time zone not null
);
create index sweeps_team_newest on sweeps (team, created_at desc, id desc);
create index sweeps_open on sweeps (cluster_name) where ended_at is null;

alter table runs add column sweep_id varchar(16) references sweeps (id) on delete cascade;
alter table runs add column trial_index integer;
alter table runs add constraint runs_trial check ((sweep_id is null) = (trial_index is null));
create unique index runs_sweep_trial on runs (sweep_id, trial_index) where sweep_id is not null;
-- the trials' mirror rows: (cluster, array job, task)
create index mirrored_jobs_array_task on mirrored_jobs (cluster_name, array_job_id, array_task_id)
    where array_job_id is not null;
