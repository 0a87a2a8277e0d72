#!/usr/bin/env bash
# A local Chroma server from the `chromadb` npm package (`chroma run`), data under
# $KAFKLOUD_DATA_DIR/chroma. Usage: chroma-local.sh start|stop|run|status
set -euo pipefail

SEER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$SEER_DIR/.." && pwd)
DATA_DIR=${KAFKLOUD_DATA_DIR:-$REPO_DIR/.data}
CHROMA_DIR=$DATA_DIR/chroma
CHROMA_HOST=${CHROMA_HOST:-127.0.0.1}
CHROMA_PORT=${CHROMA_PORT:-8020}
PID_FILE=$CHROMA_DIR/chroma.pid
LOG_FILE=$CHROMA_DIR/chroma.log
START_TIMEOUT_S=${CHROMA_START_TIMEOUT_S:-60}

find_cli() {
  local dir
  for dir in "$SEER_DIR/node_modules/chromadb" "$REPO_DIR/node_modules/chromadb"; do
    if [[ -f "$dir/dist/cli.mjs" ]]; then
      echo "$dir/dist/cli.mjs"
      return 0
    fi
  done
  echo "chromadb is not installed: run 'make -C seer update-local'" >&2
  return 1
}

heartbeat_url() {
  echo "http://$CHROMA_HOST:$CHROMA_PORT/api/v2/heartbeat"
}

is_answering() {
  node -e "fetch(process.argv[1], { signal: AbortSignal.timeout(1000) })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$(heartbeat_url)"
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
    return 0
  fi
  return 1
}

start() {
  mkdir -p "$CHROMA_DIR/data"
  if pid=$(running_pid); then
    echo "chroma already running (pid $pid) on $CHROMA_HOST:$CHROMA_PORT"
    return 0
  fi
  if is_answering; then
    echo "something already answers on $CHROMA_HOST:$CHROMA_PORT; not starting another chroma" >&2
    return 1
  fi
  local cli
  cli=$(find_cli)
  nohup setsid node "$cli" run --path "$CHROMA_DIR/data" --host "$CHROMA_HOST" --port "$CHROMA_PORT" \
    >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until is_answering; do
    if ! running_pid >/dev/null; then
      echo "chroma exited during start; last log lines:" >&2
      tail -n 20 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "chroma did not answer $(heartbeat_url) within ${START_TIMEOUT_S}s" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "chroma running (pid $(cat "$PID_FILE")) at http://$CHROMA_HOST:$CHROMA_PORT, data in $CHROMA_DIR/data"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    echo "chroma not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "chroma stopped"
}

run() {
  mkdir -p "$CHROMA_DIR/data"
  local cli
  cli=$(find_cli)
  exec node "$cli" run --path "$CHROMA_DIR/data" --host "$CHROMA_HOST" --port "$CHROMA_PORT"
}

status() {
  if pid=$(running_pid) && is_answering; then
    echo "chroma running (pid $pid) at http://$CHROMA_HOST:$CHROMA_PORT"
    return 0
  fi
  echo "chroma not running"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run) run ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|run|status" >&2
    exit 2
    ;;
esac
