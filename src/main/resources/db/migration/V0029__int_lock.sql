-- Leader election among portal replicas (ADR 29): Spring Integration's JdbcLockRegistry keeps its
-- locks here (the table of its schema-postgresql.sql). One row, "federa/periodic-work", names the
-- replica that runs the periodic work and until when its claim holds.
create table int_lock (
    lock_key char(36) not null,
    region varchar(100) not null,
    client_id char(36),
    created_date timestamp not null,
    expired_after timestamp not null,
    constraint int_lock_pk primary key (lock_key, region)
);
