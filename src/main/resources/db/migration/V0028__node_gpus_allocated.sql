-- clusters: GPUs held by jobs on a node (Slurm's gres_used), next to gpus_total
alter table cluster_nodes add column gpus_allocated integer not null default 0;
