-- clusters: a health reason in plain words for everyone, and the same with internal details (the
-- slurmrestd address it could not reach) for portal admins only (issue 19)
alter table cluster_status add column detail varchar(2000) not null default '';
update cluster_status set detail = reason;
