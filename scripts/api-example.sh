#!/usr/bin/env bash
# A script that uses Federa's REST API with no browser (README, "REST API"): it gets an access token
# from Keycloak with a service account's client credentials, submits a run from the template
# "python-training", follows it until it ends and prints its metrics.
#
#   CLIENT_SECRET=federa-ci-team-a-secret scripts/api-example.sh
#
# Environment: FEDERA_URL (default http://127.0.0.1:8080), KEYCLOAK_URL (http://127.0.0.1:8180),
# REALM (portal), CLIENT_ID (federa-ci-team-a), CLIENT_SECRET (required), TEAM (team-a),
# CLUSTER (any), EPOCHS (3), TIMEOUT seconds (300). Needs curl and python3.
set -euo pipefail
FEDERA_URL=${FEDERA_URL:-http://127.0.0.1:8080}
KEYCLOAK_URL=${KEYCLOAK_URL:-http://127.0.0.1:8180}
REALM=${REALM:-portal}
CLIENT_ID=${CLIENT_ID:-federa-ci-team-a}
: "${CLIENT_SECRET:?set CLIENT_SECRET to the secret of CLIENT_ID}"
TEAM=${TEAM:-team-a}
CLUSTER=${CLUSTER:-any}
EPOCHS=${EPOCHS:-3}
TIMEOUT=${TIMEOUT:-300}

json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }

# the secret goes to curl on stdin, never on a command line that ps would show
TOKEN=$(printf 'grant_type=client_credentials&client_id=%s&client_secret=%s' "$CLIENT_ID" "$CLIENT_SECRET" |
  curl -fsS --data-binary @- -H 'Content-Type: application/x-www-form-urlencoded' \
    "$KEYCLOAK_URL/realms/$REALM/protocol/openid-connect/token" | json 'd["access_token"]')
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' "$@"; }

BODY=$(printf '{"team": "%s", "cluster": "%s", "template": "python-training", "templateValues": {"epochs": "%s"}}' \
  "$TEAM" "$CLUSTER" "$EPOCHS")
RUN=$(api -H 'Content-Type: application/json' -X POST "$FEDERA_URL/api/runs" --data "$BODY" | json 'd["id"]')
echo "submitted run $RUN"

deadline=$((SECONDS + TIMEOUT))
while :; do
  STATE=$(api "$FEDERA_URL/api/runs/$RUN" | json 'd["run"]["state"]')
  case "$STATE" in
    COMPLETED|FAILED|CANCELLED|LOST) break ;;
  esac
  if [ "$SECONDS" -ge "$deadline" ]; then echo "run $RUN still $STATE after ${TIMEOUT}s" >&2; exit 1; fi
  sleep 2
done
echo "run $RUN ended: $STATE"

api "$FEDERA_URL/api/runs/$RUN/metrics" |
  json '"\n".join(s["key"] + " " + " ".join("%g:%g" % (p[0], p[1]) for p in s["points"]) for s in d)' |
  sed 's/^/metric /'
[ "$STATE" = COMPLETED ]
