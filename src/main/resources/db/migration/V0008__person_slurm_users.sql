-- access: which Slurm user a person is on a cluster
create table person_slurm_users (
    cluster_name varchar(63) not null,
    username     varchar(255) not null,
    slurm_user   varchar(255) not null,
    created_at   timestamp with time zone not null,
    primary key (cluster_name, username)
);
