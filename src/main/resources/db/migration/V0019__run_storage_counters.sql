-- issue 19 item 5: what each run's reports stored, for the per-run and per-team storage quotas
-- (federa.runs.run-quota.*, federa.runs.team-quota.*). Kept up to date by RunReporting in the
-- transaction that stores the reports; counted once here for the runs that exist.
alter table runs
    add column metric_points bigint not null default 0,
    add column log_bytes bigint not null default 0,
    add column artifact_bytes bigint not null default 0;

update runs r set metric_points = m.n
from (select run_id, count(*) as n from run_metrics group by run_id) m
where m.run_id = r.id;

update runs r set log_bytes = l.b
from (select run_id, sum(octet_length(line)) as b from run_logs group by run_id) l
where l.run_id = r.id;

update runs r set artifact_bytes = a.b
from (select run_id, sum(size_bytes) as b from run_artifacts group by run_id) a
where a.run_id = r.id;
