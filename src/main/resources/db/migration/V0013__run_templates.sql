-- jobs: admin-defined run templates (docs/adr/0013-run-templates-and-routing.md)
-- params: JSON array of {name, label, type, defaultValue, min, max, required, choices, help}
create table run_templates (
    id          varchar(63) primary key,
    name        varchar(200) not null unique,
    description text not null default '',
    script      text not null,
    params      text not null,
    updated_at  timestamp with time zone,
    updated_by  varchar(255)
);

insert into run_templates (id, name, description, script, params) values (
'python-training',
'Python training script',
'Runs a small training loop in python3 on one node and reports loss and accuracy per epoch, log lines and its parameters to the portal through the portal''s helper (federa.py). Needs only python3 and curl on the cluster.',
$script$#!/bin/bash
#SBATCH --job-name=python-training
#SBATCH --cpus-per-task={{cpus}}
#SBATCH --time={{time_minutes}}
# Reports back to the portal with its stdlib-only helper: $FEDERA_URL/api/runs/helper/federa.py
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
curl -fsS "$FEDERA_URL/api/runs/helper/federa.py" -o federa.py
python3 - <<'PY'
import random
import federa

epochs = {{epochs}}
learning_rate = {{learning_rate}}
seed = {{seed}}
random.seed(seed)
run = federa.Run()
run.log_params({"epochs": epochs, "learning_rate": learning_rate, "seed": seed})
loss = 2.0
for epoch in range(1, epochs + 1):
    loss = loss * (1 - learning_rate) + 0.05 * random.random()
    accuracy = max(0.0, 1 - loss / 2.5)
    run.log_metric("loss", loss, epoch)
    run.log_metric("accuracy", accuracy, epoch)
    run.log("epoch %d/%d loss=%.4f accuracy=%.4f" % (epoch, epochs, loss, accuracy))
run.close()
PY
$script$,
$json$[
 {"name":"epochs","label":"Epochs","type":"INT","defaultValue":"5","min":1.0,"max":10000.0,"required":true,"choices":[],"help":"Passes over the data."},
 {"name":"learning_rate","label":"Learning rate","type":"FLOAT","defaultValue":"0.1","min":0.0,"max":1.0,"required":true,"choices":[],"help":"Step size of each update, between 0 and 1."},
 {"name":"seed","label":"Random seed","type":"INT","defaultValue":"42","min":0.0,"max":2147483647.0,"required":true,"choices":[],"help":"Same seed, same curve."},
 {"name":"cpus","label":"CPUs","type":"INT","defaultValue":"1","min":1.0,"max":256.0,"required":true,"choices":[],"help":"CPUs for the one task (the form's CPUs per task replace it)."},
 {"name":"time_minutes","label":"Time limit (minutes)","type":"INT","defaultValue":"10","min":1.0,"max":10080.0,"required":true,"choices":[],"help":"The job is stopped after this long."}
]$json$);

insert into run_templates (id, name, description, script, params) values (
'pytorch-ddp',
'PyTorch DDP',
'Distributed data-parallel training with torchrun over srun: one torchrun per node, one worker per GPU, rendezvous on the first node. Needs PyTorch (torch and torchrun) in the cluster''s python3 environment, GPUs on the nodes, and your training script on the cluster; the portal installs nothing on a cluster.',
$script$#!/bin/bash
#SBATCH --job-name=pytorch-ddp
#SBATCH --nodes={{nodes}}
#SBATCH --ntasks={{nodes}}
#SBATCH --cpus-per-task={{cpus_per_node}}
#SBATCH --gpus-per-node={{gpus_per_node}}
#SBATCH --time={{time_minutes}}
# Needs torch and torchrun on the cluster (module load or a virtual environment the job activates).
set -euo pipefail
head_node=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
srun torchrun \
  --nnodes={{nodes}} \
  --nproc_per_node={{gpus_per_node}} \
  --rdzv_id="$SLURM_JOB_ID" \
  --rdzv_backend=c10d \
  --rdzv_endpoint="$head_node:{{port}}" \
  {{train_script}} --epochs={{epochs}} --backend={{backend}}
$script$,
$json$[
 {"name":"train_script","label":"Training script on the cluster","type":"STRING","defaultValue":"train.py","min":null,"max":null,"required":true,"choices":[],"help":"Path of your script, relative to the job's working directory or absolute."},
 {"name":"nodes","label":"Nodes","type":"INT","defaultValue":"1","min":1.0,"max":64.0,"required":true,"choices":[],"help":""},
 {"name":"gpus_per_node","label":"GPUs per node","type":"INT","defaultValue":"1","min":1.0,"max":16.0,"required":true,"choices":[],"help":"One worker process per GPU."},
 {"name":"cpus_per_node","label":"CPUs per node","type":"INT","defaultValue":"4","min":1.0,"max":256.0,"required":true,"choices":[],"help":""},
 {"name":"epochs","label":"Epochs","type":"INT","defaultValue":"10","min":1.0,"max":100000.0,"required":true,"choices":[],"help":"Passed to your script as --epochs."},
 {"name":"backend","label":"Backend","type":"CHOICE","defaultValue":"nccl","min":null,"max":null,"required":true,"choices":["nccl","gloo"],"help":"nccl for GPUs, gloo for CPU-only tests."},
 {"name":"port","label":"Rendezvous port","type":"INT","defaultValue":"29500","min":1024.0,"max":65535.0,"required":true,"choices":[],"help":""},
 {"name":"time_minutes","label":"Time limit (minutes)","type":"INT","defaultValue":"60","min":1.0,"max":10080.0,"required":true,"choices":[],"help":""}
]$json$);
