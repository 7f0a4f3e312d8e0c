#!/usr/bin/env bash
# A real castore cluster on loopback, for tests and demos: 3 nats-servers with JetStream (one
# cluster, accounts and least-privilege users from deploy/gen.mjs, R3 buckets), 2 replicas of each
# castore service, 2 nar-bridges, and one `castore serve` per further tenant. Run from anywhere
# after the build (scripts/setup.sh).
#
#   deploy/local/cluster.sh up                       start what is not running; prints NATS_URL=… and HTTP_URL=…
#   deploy/local/cluster.sh down                     stop every process (the data stays)
#   deploy/local/cluster.sh status                   exit 0 only if every node and replica is up and every castore stream current
#   deploy/local/cluster.sh kill-nats N | start-nats N              N = 1..3
#   deploy/local/cluster.sh kill-service NAME N | start-service NAME N
#                                                    NAME = blob|directory|pathinfo|nar-bridge, N = 1..2
#   deploy/local/cluster.sh edge-up | edge-down      an edge nats-server, a leaf node of the cluster (domain edge)
#   deploy/local/cluster.sh purge                    down, then remove $CLUSTER_DIR
#
# State (configs, data, logs, secrets.env, urls.env, pids/) lives under $CLUSTER_DIR (default
# ./.cluster). Ports: $CLUSTER_PORT_BASE (default 14222) — clients BASE..BASE+2, routes BASE+11..13,
# monitoring BASE+21..23, leaf nodes BASE+31..33, nar-bridges BASE+41..42, the edge BASE+50/51.
# Kills are SIGKILL (a crash); down is SIGTERM (services drain), then SIGKILL after 15 s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER_DIR=${CLUSTER_DIR:-./.cluster}
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
BASE=${CLUSTER_PORT_BASE:-14222}
PIDS="$CLUSTER_DIR/pids"
LOGS="$CLUSTER_DIR/logs"
NATS_SERVER=${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}
SERVICES=(blob directory pathinfo nar-bridge)

say() { printf 'cluster.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

configure() {
  mkdir -p "$PIDS" "$LOGS" "$CLUSTER_DIR/data"
  node "$ROOT/deploy/gen.mjs" local "$CLUSTER_DIR" "$BASE"
  set -a
  # shellcheck disable=SC1091
  . "$CLUSTER_DIR/secrets.env"
  # shellcheck disable=SC1091
  . "$CLUSTER_DIR/urls.env"
  set +a
}

# The pid in a pid file if that process is alive and still what we started (pids get reused).
alive() {
  local file="$PIDS/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e nats-server -e 'dist/main.js' -e castore || return 1
  echo "$pid"
}

# start NAME LOGFILE CMD...: in the background, stdio to the log (never our pipes), pid recorded.
launch() {
  local name=$1; shift
  [ -f "$LOGS/$name.log" ] && mv -f "$LOGS/$name.log" "$LOGS/$name.log.prev"
  nohup "$@" </dev/null >"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

wait_until() { # SECONDS WHAT CMD... (gives up early if the process named by $WATCH died)
  local until=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@"; do
    [ "$(date +%s)" -lt "$until" ] || die "timed out waiting for $what"
    if [ -n "${WATCH:-}" ] && ! alive "$WATCH" >/dev/null; then
      tail -n 5 "$LOGS/$WATCH.log" >&2 || true
      die "$WATCH exited while waiting for $what"
    fi
    sleep 0.2
  done
}

healthy() { # PORT: /healthz answers ok (2.9: only once the node caught up with the meta leader)
  node "$ROOT/deploy/local/status.mjs" --healthy "$1"
}

port_of() { # N LIST -> the Nth word
  local n=$1; shift
  # shellcheck disable=SC2086
  set -- $1
  eval "echo \${$n}"
}

start_nats() {
  local n=$1
  [[ $n =~ ^[123]$ ]] || die "nats node must be 1, 2 or 3, got '$n'"
  if alive "nats-$n" >/dev/null; then return 0; fi
  launch "nats-$n" "$NATS_SERVER" -c "$CLUSTER_DIR/nats/n$n.conf"
}

wait_nats() { WATCH=nats-$1 wait_until 60 "nats-$1 to become healthy (see $LOGS/nats-$1.log)" healthy "$(port_of "$1" "$PORTS_MONITOR")"; }

service_env() { # NAME N -> env assignments
  local name=$1 n=$2 role
  role=$(echo "$name" | tr 'a-z-' 'A-Z_')
  local var="URL_CASTORE_$role"
  echo "CASTORE_NATS_URL=${!var}" "CASTORE_PREFIX=castore" "CASTORE_REPLICAS=3" "CASTORE_LOG_LEVEL=info"
  if [ "$name" = nar-bridge ]; then echo "CASTORE_HTTP=127.0.0.1:$(port_of "$n" "$PORTS_HTTP")"; fi
}

start_service() {
  local name=$1 n=$2
  [[ " ${SERVICES[*]} " == *" $name "* ]] || die "service must be one of ${SERVICES[*]}, got '$name'"
  [[ $n =~ ^[12]$ ]] || die "service replica must be 1 or 2, got '$n'"
  if alive "$name-$n" >/dev/null; then return 0; fi
  # shellcheck disable=SC2046
  launch "$name-$n" env -u CASTORE_NATS_URL $(service_env "$name" "$n") node "$ROOT/services/$name/dist/main.js"
}

# A service that fails to start (e.g. a JetStream request timing out while a fresh cluster creates
# its first R3 streams) is started again, up to 3 times, as a supervisor would.
start_and_wait() {
  local name=$1 n=$2 try
  for try in 1 2 3; do
    start_service "$name" "$n"
    if (wait_service "$name-$n"); then return 0; fi
    say "$name-$n did not start (attempt $try); trying again"
    sleep 1
  done
  die "$name-$n did not start; see $LOGS/$name-$n.log"
}

serving() { grep -q '"msg":"serving"' "$LOGS/$1.log" 2>/dev/null; }
wait_service() { WATCH=$1 wait_until 90 "$1 to serve (see $LOGS/$1.log)" serving "$1"; }

# Further tenants: one `castore serve` each (all three services) with the tenant's serve user.
other_tenants() { for t in $TENANTS; do [ "${t%%:*}" = castore ] || echo "$t"; done; }

start_tenant() {
  local prefix=${1%%:*} account=${1##*:}
  local var="URL_${account}_SERVE"
  if alive "serve-$prefix" >/dev/null; then return 0; fi
  launch "serve-$prefix" env CASTORE_NATS_URL="${!var}" CASTORE_PREFIX="$prefix" CASTORE_REPLICAS=3 CASTORE_LOG_LEVEL=info \
    node "$ROOT/packages/cli/bin/castore.js" serve
}

stop_pid() { # NAME SIGNAL: signal it and wait for it to go (SIGKILL after 15 s)
  local name=$1 sig=$2 pid i
  pid=$(alive "$name") || { rm -f "$PIDS/$name.pid"; return 0; }
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) did not stop within 15 s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
  rm -f "$PIDS/$name.pid"
}

cmd_up() {
  [ -f "$ROOT/services/blob/dist/main.js" ] || die "castore is not built; run scripts/setup.sh (or npm run build) first"
  configure
  for n in 1 2 3; do start_nats "$n"; done
  for n in 1 2 3; do wait_nats "$n"; done
  node "$ROOT/deploy/local/status.mjs" --wait-meta "$PORTS_MONITOR" >&2
  # One replica of each first, one after the other (they create the R3 buckets), then the rest
  # together; any that fails to start (a JetStream timeout on a fresh cluster) is started again.
  for s in blob directory pathinfo nar-bridge; do start_and_wait "$s" 1; done
  for s in blob directory pathinfo nar-bridge; do start_service "$s" 2; done
  for t in $(other_tenants); do start_tenant "$t"; done
  for s in blob directory pathinfo nar-bridge; do (wait_service "$s-2") || start_and_wait "$s" 2; done
  for t in $(other_tenants); do (wait_service "serve-${t%%:*}") || { start_tenant "$t"; wait_service "serve-${t%%:*}"; }; done
  say "up; state in $CLUSTER_DIR (every tenant's and role's URL: $CLUSTER_DIR/urls.env)"
  echo "NATS_URL=$URL_CASTORE_WRITER"
  echo "HTTP_URL=http://127.0.0.1:$(port_of 1 "$PORTS_HTTP")"
}

all_names() {
  for s in "${SERVICES[@]}"; do for n in 1 2; do echo "$s-$n"; done; done
  for f in "$PIDS"/serve-*.pid; do [ -e "$f" ] && basename "$f" .pid; done
  echo edge
  for n in 1 2 3; do echo "nats-$n"; done
}

cmd_down() {
  [ -d "$PIDS" ] || return 0
  # Services first (they drain), then the servers; anything else with a pid file too.
  for name in $(all_names); do stop_pid "$name" TERM & done
  wait
  for f in "$PIDS"/*.pid; do [ -e "$f" ] && stop_pid "$(basename "$f" .pid)" TERM; done
  say "down (data kept in $CLUSTER_DIR; 'purge' removes it)"
}

cmd_status() {
  configure >/dev/null
  local bad=0 name pid
  for name in $(all_names); do
    [ "$name" = edge ] && [ ! -f "$PIDS/edge.pid" ] && continue
    if pid=$(alive "$name"); then echo "$name up (pid $pid)"; else echo "$name DOWN"; bad=1; fi
  done
  for t in $(other_tenants); do alive "serve-${t%%:*}" >/dev/null || { echo "serve-${t%%:*} DOWN"; bad=1; }; done
  node "$ROOT/deploy/local/status.mjs" --streams "$PORTS_MONITOR" || bad=1
  return $bad
}

cmd_edge_up() {
  configure
  if ! alive edge >/dev/null; then launch edge "$NATS_SERVER" -c "$CLUSTER_DIR/nats/edge.conf"; fi
  wait_until 60 "the edge to become healthy (see $LOGS/edge.log)" healthy "$EDGE_MONITOR"
  # healthz does not cover the leaf link: wait until the edge reports its leaf connections.
  wait_until 60 "the edge's leaf connections" node "$ROOT/deploy/local/status.mjs" --leafs "$EDGE_MONITOR"
  echo "EDGE_NATS_URL=$EDGE_URL_CASTORE_WRITER"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill-nats) configure >/dev/null; [[ ${2:-} =~ ^[123]$ ]] || die "usage: kill-nats 1|2|3"; stop_pid "nats-$2" KILL ;;
  start-nats) configure; start_nats "${2:-}"; wait_nats "$2" ;;
  kill-service) configure >/dev/null
    [[ " ${SERVICES[*]} " == *" ${2:-} "* && ${3:-} =~ ^[12]$ ]] || die "usage: kill-service blob|directory|pathinfo|nar-bridge 1|2"
    stop_pid "$2-$3" KILL ;;
  start-service) configure; start_service "${2:-}" "${3:-}"; wait_service "$2-$3" ;;
  edge-up) cmd_edge_up ;;
  edge-down) stop_pid edge TERM ;;
  purge) cmd_down; rm -rf "$CLUSTER_DIR"; say "removed $CLUSTER_DIR" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
