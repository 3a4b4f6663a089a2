-- access: which Slurm account a team computes under on a cluster
create table team_accounts (
    id            bigint generated always as identity primary key,
    cluster_name  varchar(63) not null,
    team          varchar(255) not null,
    slurm_account varchar(255) not null,
    created_at    timestamp with time zone not null,
    unique (cluster_name, team),
    unique (cluster_name, slurm_account)
);
