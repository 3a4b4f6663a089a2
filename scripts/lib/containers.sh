# Podman, its API service and docker-compose with the project's own settings and storage
# (FACTS.md §6): runc (crun fails on this hybrid-cgroup host), cgroupfs, ulimits a container may set,
# overlay storage and network definitions under FEDERA_CONTAINERS_DIR, run-time state under
# FEDERA_CONTAINERS_RUN. Nothing here touches /var/lib/containers or /etc/containers.
# Sourced by scripts/image.sh and scripts/compose.sh.
# shellcheck shell=bash

FEDERA_CONTAINERS_DIR=${FEDERA_CONTAINERS_DIR:-/var/tmp/federa-containers}
FEDERA_CONTAINERS_RUN=${FEDERA_CONTAINERS_RUN:-/run/federa-containers}
PODMAN_SOCKET=$FEDERA_CONTAINERS_RUN/podman.sock

# containers_env: writes the configuration files once and exports the variables every podman and
# docker-compose call must see
containers_env() {
  local d=$FEDERA_CONTAINERS_DIR r=$FEDERA_CONTAINERS_RUN
  mkdir -p "$d/storage" "$d/networks" "$d/conf" "$r"
  cat >"$d/conf/containers.conf.new" <<EOF
# written by scripts/lib/containers.sh
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"
[network]
network_backend = "netavark"
network_config_dir = "$d/networks"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$r/events.log"
tmp_dir = "$r/libpod"
volume_path = "$d/storage/volumes"
static_dir = "$d/storage/libpod"
EOF
  cat >"$d/conf/storage.conf.new" <<EOF
# written by scripts/lib/containers.sh
[storage]
driver = "overlay"
graphroot = "$d/storage"
runroot = "$r/storage"
EOF
  # no registry is reachable: never search one for a short name
  cat >"$d/conf/registries.conf.new" <<EOF
# written by scripts/lib/containers.sh
unqualified-search-registries = []
short-name-mode = "disabled"
EOF
  local f
  for f in containers storage registries; do
    if cmp -s "$d/conf/$f.conf.new" "$d/conf/$f.conf"; then rm -f "$d/conf/$f.conf.new"; else mv "$d/conf/$f.conf.new" "$d/conf/$f.conf"; fi
  done
  export CONTAINERS_CONF=$d/conf/containers.conf
  export CONTAINERS_STORAGE_CONF=$d/conf/storage.conf
  export CONTAINERS_REGISTRIES_CONF=$d/conf/registries.conf
  export DOCKER_HOST=unix://$PODMAN_SOCKET
}

# require_container_tools: fails with the install command when podman or docker-compose is missing
require_container_tools() {
  local missing=() c
  for c in podman docker-compose debootstrap iptables; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ -x /usr/lib/podman/netavark ] || missing+=(netavark)
  [ -x /usr/lib/podman/aardvark-dns ] || missing+=(aardvark-dns)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}: apt-get install -y podman runc netavark aardvark-dns docker-compose debootstrap iptables (./test.sh installs them)" >&2
    return 1
  fi
  [ "$(id -u)" = 0 ] || { echo "podman is used as root here (rootful networks, overlay storage)" >&2; return 1; }
}

# podman_service_start: podman's Docker-compatible API on $PODMAN_SOCKET (for docker-compose)
podman_service_start() {
  local pidfile=$FEDERA_CONTAINERS_RUN/podman-service.pid pid
  if pid=$(podman_service_pid); then return 0; fi
  rm -f "$PODMAN_SOCKET"
  setsid podman system service --time=0 "unix://$PODMAN_SOCKET" \
    >"$FEDERA_CONTAINERS_RUN/podman-service.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local i
  for i in $(seq 1 100); do
    [ -S "$PODMAN_SOCKET" ] && curl -sf --unix-socket "$PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
  done
  echo "podman system service did not start; its log:" >&2
  cat "$FEDERA_CONTAINERS_RUN/podman-service.log" >&2
  return 1
}

# podman_service_pid: prints the pid of the API service started by podman_service_start, if it runs
podman_service_pid() {
  local pidfile=$FEDERA_CONTAINERS_RUN/podman-service.pid pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "system service" || return 1
  echo "$pid"
}

podman_service_stop() {
  local pid
  if pid=$(podman_service_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$FEDERA_CONTAINERS_RUN/podman-service.pid" "$PODMAN_SOCKET"
}

# netavark_cleanup: once no container of ours runs, removes what netavark leaves on the host:
# its iptables chains (it keeps the shared ones after the last network is gone), /run/netns
# entries of ours, empty libpod cgroups, and the ip_forward setting it switched on (restored to
# the value recorded by record_host_state)
netavark_cleanup() {
  if [ -n "$(podman ps -q 2>/dev/null)" ]; then return 0; fi
  local table chain line
  for table in filter nat mangle; do
    # drop the jumps into NETAVARK chains, then flush every chain (they jump to each other), then delete
    { iptables -t "$table" -S 2>/dev/null || true; } | { grep -E -- '^-A .* -j NETAVARK' || true; } | sed 's/^-A /-D /' \
      | while read -r line; do
          eval "iptables -t $table $line" 2>/dev/null || true   # the rule text quotes its comment
        done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ {print $2}'); do
      iptables -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ {print $2}'); do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
  local ns
  for ns in /run/netns/netns-*; do
    [ -e "$ns" ] || continue
    umount "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  rmdir /run/netns 2>/dev/null || true
  local cg
  for cg in /sys/fs/cgroup/*/libpod_parent; do
    [ -d "$cg" ] || continue
    find "$cg" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null || true
    rmdir "$cg" 2>/dev/null || true
  done
  # netavark's run-time state (aardvark-dns settings, IP allocations) lives in /run/containers/networks
  # whatever the storage; it is stale once no container of any podman runs on the host
  if ! pgrep -x conmon >/dev/null && ! pgrep -x aardvark-dns >/dev/null; then
    rm -rf /run/containers/networks
    rmdir /run/containers 2>/dev/null || true
  fi
  local saved=$FEDERA_CONTAINERS_RUN/ip_forward.before
  if [ -f "$saved" ]; then
    sysctl -qw net.ipv4.ip_forward="$(cat "$saved")" >/dev/null 2>&1 || true
    rm -f "$saved"
  fi
}

# record_host_state: remembers host settings netavark changes, before the first network comes up
record_host_state() {
  local saved=$FEDERA_CONTAINERS_RUN/ip_forward.before
  [ -f "$saved" ] || sysctl -n net.ipv4.ip_forward >"$saved"
}

# leftovers: prints what containers left on the host (nothing when clean)
leftovers() {
  local out
  out=$(podman ps -a --format '{{.Names}}' 2>/dev/null) && [ -n "$out" ] && echo "containers: $out"
  out=$(podman network ls --format '{{.Name}}' 2>/dev/null | grep -vx podman) && [ -n "$out" ] && echo "networks: $out"
  out=$(podman volume ls -q 2>/dev/null) && [ -n "$out" ] && echo "volumes: $out"
  out=$(iptables-save 2>/dev/null | grep -i netavark | head -5) && [ -n "$out" ] && echo "iptables: $out"
  out=$(ls /run/netns 2>/dev/null) && [ -n "$out" ] && echo "netns: $out"
  out=$(ls -d /sys/fs/cgroup/*/libpod_parent 2>/dev/null) && [ -n "$out" ] && echo "cgroups: $out"
  out=$(pgrep -a -x 'aardvark-dns|conmon' 2>/dev/null) && [ -n "$out" ] && echo "processes: $out"
  # (every podman command creates the directory itself: only its content counts)
  out=$(ls -A /run/containers/networks 2>/dev/null) && [ -n "$out" ] && echo "netavark state in /run/containers/networks: $out"
  [ -f "$FEDERA_CONTAINERS_RUN/ip_forward.before" ] && echo "ip_forward: still switched on by netavark"
  podman_service_pid >/dev/null && echo "podman API service: running (pid $(podman_service_pid))"
  return 0
}
