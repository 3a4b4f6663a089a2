#!/usr/bin/env bash
# Runs docker-compose.yml in podman containers on this host (no Docker engine: docker-compose v1
# talks to podman's Docker-compatible API service), as root on Debian 12:
#
#   scripts/compose.sh up            starts the API service and the stack, waits until the portal
#                                    and Keycloak are ready (images: scripts/image.sh all)
#   scripts/compose.sh down [-v]     stops and removes the stack (-v: its volumes too, all data),
#                                    stops the API service and removes what netavark leaves on the
#                                    host (iptables chains, netns, cgroups, ip_forward)
#   scripts/compose.sh leftovers     lists containers, networks, volumes, chains, netns ... left;
#                                    exit 1 if there are any
#   scripts/compose.sh config|ps|logs [ARGS]   docker-compose's own commands
#   scripts/compose.sh podman ARGS   podman with the project's storage and settings (podman ps, exec ...)
#
# Environment:
#   FEDERA_COMPOSE_ENV_FILE   settings and secrets (default .env; see .env.example)
#   FEDERA_COMPOSE_PROJECT    compose project name (default federa)
#   FEDERA_COMPOSE_TIMEOUT    seconds to wait for readiness (default 300)
#   FEDERA_CONTAINERS_DIR     podman storage and settings (default /var/tmp/federa-containers)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/containers.sh
source "$ROOT/scripts/lib/containers.sh"

ENV_FILE=${FEDERA_COMPOSE_ENV_FILE:-$ROOT/.env}
PROJECT=${FEDERA_COMPOSE_PROJECT:-federa}
TIMEOUT=${FEDERA_COMPOSE_TIMEOUT:-300}
T0=$SECONDS
say() { echo "compose: [$((SECONDS - T0))s] $*"; }
die() { echo "compose: ERROR: $*" >&2; exit 1; }

# env_value KEY DEFAULT: KEY's value in the env file (KEY=VALUE lines), else DEFAULT
env_value() {
  local v
  v=$(sed -n "s/^$1=//p" "$ENV_FILE" 2>/dev/null | tail -1)
  echo "${v:-$2}"
}
compose() {
  docker-compose --env-file "$ENV_FILE" -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"
}
http_ok() { [ "$(curl -s -m 3 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)" = 200 ]; }

up() {
  [ -f "$ENV_FILE" ] || die "no $ENV_FILE: copy .env.example to .env and set its secrets"
  podman_service_start
  record_host_state
  compose up -d --no-build
  local portal keycloak
  portal=http://127.0.0.1:$(env_value FEDERA_HTTP_PORT 18080)
  keycloak=http://127.0.0.1:$(env_value KEYCLOAK_HTTP_PORT 18180)
  say "waiting for Keycloak ($keycloak) and the portal ($portal)"
  local k=0 p=0
  until [ "$k" != 0 ] && [ "$p" != 0 ]; do
    [ "$k" = 0 ] && http_ok "$keycloak/realms/portal/.well-known/openid-configuration" && k=$((SECONDS - T0)) && say "Keycloak ready"
    [ "$p" = 0 ] && http_ok "$portal/actuator/health/readiness" && p=$((SECONDS - T0)) && say "portal ready"
    if [ $((SECONDS - T0)) -ge "$TIMEOUT" ]; then
      compose ps >&2 || true
      compose logs --tail=40 >&2 || true
      die "not ready after ${TIMEOUT}s"
    fi
    sleep 1
  done
  say "up: portal $portal, Keycloak $keycloak"
}

down() {
  local volumes=()
  [ "${1:-}" = -v ] && volumes=(--volumes)
  if podman_service_pid >/dev/null; then
    compose down --remove-orphans "${volumes[@]}" || true
  fi
  # anything of the project that compose did not remove (a failed start, a stopped API service)
  local ids
  ids=$(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman rm -f -t 10 $ids >/dev/null
  ids=$(podman network ls -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || podman network rm -f $ids >/dev/null
  if [ ${#volumes[@]} -gt 0 ]; then
    ids=$(podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || podman volume rm -f $ids >/dev/null
  fi
  podman_service_stop
  netavark_cleanup
  say "down"
}

require_container_tools || exit 1
containers_env
case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  leftovers)
    out=$(leftovers)
    if [ -n "$out" ]; then echo "$out"; exit 1; fi
    echo "compose: nothing left" ;;
  config | ps | logs)
    cmd=$1
    shift
    if [ "$cmd" != config ]; then podman_service_start; fi
    compose "$cmd" "$@" ;;
  podman)
    shift
    exec podman "$@" ;;
  *) echo "usage: $0 up|down [-v]|leftovers|config|ps|logs|podman ARGS" >&2; exit 2 ;;
esac
