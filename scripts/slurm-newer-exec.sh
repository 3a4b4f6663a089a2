#!/usr/bin/env bash
# slurm-newer-exec.sh - run a command inside a newer-Slurm chroot as a given user (for tests).
#
# Usage:  scripts/slurm-newer-exec.sh CLUSTER USER -- COMMAND [ARG...]
#   CLUSTER  c3 (Slurm 24.11, chroot trixie) | c4 or c4v43 (Slurm 26.05, chroot sid)
#   USER     a user of the chroot (alice, bob, carol, dave, federa, root)
# Examples:
#   scripts/slurm-newer-exec.sh c3 alice -- sbatch -A team-a --parsable --wrap 'sleep 1'
#   scripts/slurm-newer-exec.sh c4 root -- scontrol show job 3
#   scripts/slurm-newer-exec.sh c4 root -- sacctmgr -n -P show assoc
#
# Runs: chroot DIR runuser -u USER -- env -i PATH=... HOME=... USER=... SLURM_CONF=/srv/federa/etc/slurm.conf
#       COMMAND ARG...   with the working directory /srv/federa/jobs (the all-writable job dir; paths
#       are those INSIDE the chroot). Arguments are passed as they are (exec, no shell string); the
#       exit code is COMMAND's. Needs root (chroot). The cluster must be up (scripts/slurm-newer-up.sh).
# Env knobs:
#   FEDERA_SLURM_NEWER_DIR   chroots' parent dir (default /var/tmp/federa-slurm-newer)
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

NEWER_DIR=${FEDERA_SLURM_NEWER_DIR:-/var/tmp/federa-slurm-newer}
B=/srv/federa
die() { echo "slurm-newer-exec: ERROR: $*" >&2; exit 125; }
usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

(($# >= 4)) && [[ $3 == -- ]] || usage
cluster=$1 user=$2; shift 3
case $cluster in
  c3) root=$NEWER_DIR/trixie ;;
  c4|c4v43) root=$NEWER_DIR/sid ;;
  *) die "unknown cluster '$cluster' (c3, c4, c4v43)" ;;
esac
[[ $(id -u) == 0 ]] || die "run as root (chroot)"
[[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || die "bad user name '$user'"
[[ -f $root/.federa-chroot-ready && -r $root$B/etc/slurm.conf ]] || die "cluster $cluster is not set up ($root): run scripts/slurm-newer-up.sh"
mountpoint -q "$root/proc" || die "$root/proc is not mounted: cluster $cluster is down (scripts/slurm-newer-up.sh)"
# HOME from the chroot's passwd, not the host's
home=$(awk -F: -v u="$user" '$1 == u { print $6; exit }' "$root/etc/passwd")
[[ -n $home ]] || die "no user '$user' in $root/etc/passwd"

exec chroot "$root" /usr/sbin/runuser -u "$user" -- /usr/bin/env -i -C "$B/jobs" \
  PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8 \
  SLURM_CONF="$B/etc/slurm.conf" "$@"
