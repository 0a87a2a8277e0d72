#!/usr/bin/env bash
# Starts and stops the whole kafkloud stack on one machine, on embedded defaults:
# Kafka (streamer), Chroma (seer), then producer, consumer, seer and portal.
#
#   stack.sh run      start everything, follow the logs; Ctrl-C stops all of it
#   stack.sh start    start everything in the background; returns when all are ready
#   stack.sh stop     stop everything that was started, in reverse order
#   stack.sh status   one line per component
#
# Ports: KAFKA_PORT 9092, CHROMA_PORT 8020, PRODUCER_PORT 8000, CONSUMER_PORT 8072,
# SEER_PORT 8030, PORTAL_PORT 3000. State lives in KAFKLOUD_DATA_DIR (default <repo>/.data).
# KAFKLOUD_API_TOKENS is used when set; otherwise a token is generated once into the data dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export KAFKLOUD_DATA_DIR="${KAFKLOUD_DATA_DIR:-$ROOT/.data}"
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export CHROMA_PORT="${CHROMA_PORT:-8020}"
PRODUCER_PORT="${PRODUCER_PORT:-8000}"
CONSUMER_PORT="${CONSUMER_PORT:-8072}"
SEER_PORT="${SEER_PORT:-8030}"
PORTAL_PORT="${PORTAL_PORT:-3000}"
HOST="${HOST:-127.0.0.1}"
RUN_DIR="$KAFKLOUD_DATA_DIR/run"
LOG_DIR="$KAFKLOUD_DATA_DIR/logs"
READY_TIMEOUT="${READY_TIMEOUT:-90}"

log() { printf '[kafkloud] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

has() { [[ -f "$ROOT/$1/package.json" ]]; }

api_token() {
  if [[ -n "${KAFKLOUD_API_TOKENS:-}" ]]; then
    echo "${KAFKLOUD_API_TOKENS%%,*}"
    return
  fi
  local file="$KAFKLOUD_DATA_DIR/api-token"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$KAFKLOUD_DATA_DIR"
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))" >"$file")
  fi
  cat "$file"
}

setup() {
  command -v node >/dev/null || die "Node.js >= 20.9 is required"
  command -v java >/dev/null || die "Java 17+ is required (apt-get install -y openjdk-17-jre-headless)"
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm dependencies"
    npm ci --no-audit --no-fund
  fi
  ./streamer/scripts/kafka-local.sh update-if-missing
  log "building"
  npm run build --workspaces --if-present >"$KAFKLOUD_DATA_DIR/build.log" 2>&1 ||
    { tail -n 40 "$KAFKLOUD_DATA_DIR/build.log" >&2; die "build failed (log: $KAFKLOUD_DATA_DIR/build.log)"; }
}

pid_alive() {
  local file="$RUN_DIR/$1.pid"
  [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

wait_ready() {
  local name="$1" url="$2" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! pid_alive "$name"; then
      tail -n 30 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start (log: $LOG_DIR/$name.log)"
    fi
    ((SECONDS < deadline)) || { tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name not ready after ${READY_TIMEOUT}s"; }
    sleep 0.3
  done
}

# launch NAME DIR READY_URL -- COMMAND...  (environment comes from the caller)
launch() {
  local name="$1" dir="$2" url="$3"
  shift 4
  if pid_alive "$name"; then
    log "$name already running"
    return
  fi
  # Each service gets a session of its own, so Ctrl-C in the terminal reaches only this script,
  # which stops the services in order (portal first, Kafka last) instead of all at once.
  (cd "$ROOT/$dir" && exec setsid "$@") >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  wait_ready "$name" "$url"
  log "$name ready: ${url%/readyz}"
}

start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  setup
  local token brokers
  token="$(api_token)"
  brokers="127.0.0.1:$KAFKA_PORT"
  export KAFKLOUD_API_TOKENS="${KAFKLOUD_API_TOKENS:-$token}" KAFKA_BROKERS="$brokers" \
    KAFKLOUD_MODE="${KAFKLOUD_MODE:-local}" HOST
  ./streamer/scripts/kafka-local.sh start

  if has consumer; then
    log "migrating the consumer's database"
    (cd consumer && node dist/cli/migrate.js) >>"$LOG_DIR/consumer.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/consumer.log" >&2; die "migration failed"; }
    PORT="$CONSUMER_PORT" launch consumer consumer "http://127.0.0.1:$CONSUMER_PORT/readyz" -- node dist/main.js
  fi
  if has producer; then
    PORT="$PRODUCER_PORT" launch producer producer "http://127.0.0.1:$PRODUCER_PORT/readyz" -- node dist/main.js
  fi
  if has seer; then
    if [[ -z "${CHROMA_URL:-}" ]]; then
      ./seer/scripts/chroma-local.sh start
      export CHROMA_URL="http://127.0.0.1:$CHROMA_PORT"
    fi
    PORT="$SEER_PORT" launch seer seer "http://127.0.0.1:$SEER_PORT/readyz" -- node dist/main.js
  fi
  if has portal; then
    PORT="$PORTAL_PORT" KAFKLOUD_API_TOKEN="$token" \
      PRODUCER_URL="http://127.0.0.1:$PRODUCER_PORT" CONSUMER_URL="http://127.0.0.1:$CONSUMER_PORT" \
      SEER_URL="http://127.0.0.1:$SEER_PORT" \
      launch portal portal "http://127.0.0.1:$PORTAL_PORT/readyz" -- \
      node "$ROOT/node_modules/next/dist/bin/next" start -p "$PORTAL_PORT" -H "$HOST"
  fi

  cat >&2 <<MSG

  kafkloud is up
    portal     http://127.0.0.1:$PORTAL_PORT
    producer   http://127.0.0.1:$PRODUCER_PORT   (curl -X POST -H "Authorization: Bearer \$(cat $KAFKLOUD_DATA_DIR/api-token)" http://127.0.0.1:$PRODUCER_PORT/app)
    consumer   http://127.0.0.1:$CONSUMER_PORT
    seer       http://127.0.0.1:$SEER_PORT
    kafka      127.0.0.1:$KAFKA_PORT
    logs       $LOG_DIR
  stop with: make stop
MSG
}

stop_one() {
  local name="$1" file="$RUN_DIR/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
      ((waited < 300)) || { log "$name did not stop in 30s; killing"; kill -KILL "$pid" 2>/dev/null || true; }
      sleep 0.1
      waited=$((waited + 1))
    done
    log "$name stopped"
  fi
  rm -f "$file"
}

stop() {
  for name in portal seer producer consumer; do stop_one "$name"; done
  if has seer && [[ -x seer/scripts/chroma-local.sh ]]; then ./seer/scripts/chroma-local.sh stop || true; fi
  ./streamer/scripts/kafka-local.sh stop
}

status() {
  for name in consumer producer seer portal; do
    has "$name" || continue
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$RUN_DIR/$name.pid"))"; else echo "$name: stopped"; fi
  done
  ./streamer/scripts/kafka-local.sh status || true
}

run() {
  trap 'echo; stop; exit 0' INT TERM
  start
  log "following logs; Ctrl-C stops everything"
  tail -n 0 -F "$LOG_DIR"/*.log &
  local tail_pid=$!
  while :; do
    for name in consumer producer seer portal; do
      if has "$name" && [[ -f "$RUN_DIR/$name.pid" ]] && ! pid_alive "$name"; then
        kill "$tail_pid" 2>/dev/null || true
        log "$name exited unexpectedly (log: $LOG_DIR/$name.log)"
        stop
        exit 1
      fi
    done
    sleep 1
  done
}

case "${1:-}" in
  run) run ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 run|start|stop|status" ;;
esac
