-- the Jobs page's "by job id" orders
create index mirrored_jobs_job_id on mirrored_jobs (job_id desc, cluster_name);
