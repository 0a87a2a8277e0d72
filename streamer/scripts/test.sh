#!/usr/bin/env bash
# `make test`: lint, typecheck, then every workspace's tests against one private Kafka broker
# on free ports (so a running stack on :9092 is never touched), then the portal's browser tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
started=$SECONDS
step() { printf '\n[test] %s\n' "$*"; }

step "lint (eslint, prettier)"
npm run lint
step "typecheck"
npm run typecheck --silent

export KAFKLOUD_TEST_DATA_DIR
KAFKLOUD_TEST_DATA_DIR="$(mktemp -d -t kafkloud-test-XXXXXX)"
KAFKA_PORT="$(node --input-type=module -e "import { freePort } from '@kafkloud/streamer/testing'; console.log(await freePort(2));")"
kafka() { BROKERS=1 KAFKA_PORT="$KAFKA_PORT" KAFKLOUD_DATA_DIR="$KAFKLOUD_TEST_DATA_DIR" KAFKA_HEAP=512m \
  ./streamer/scripts/kafka-local.sh "$@"; }
cleanup() {
  kafka stop || true
  rm -rf "$KAFKLOUD_TEST_DATA_DIR"
}
trap cleanup EXIT
step "starting a private Kafka broker on 127.0.0.1:$KAFKA_PORT"
kafka start
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"

# Every suite runs even when an earlier one fails, so one run shows every failure.
passed=()
failed=()
suite() {
  local name="$1"
  shift
  step "$name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

for workspace in streamer producer consumer seer k8s portal; do
  [[ -f "$workspace/package.json" ]] || continue
  if node -e "process.exit(require('./$workspace/package.json').scripts?.test ? 0 : 1)"; then
    suite "tests: $workspace" npm test -w "@kafkloud/$workspace"
  fi
done

if [[ -f portal/package.json ]] && node -e "process.exit(require('./portal/package.json').scripts?.e2e ? 0 : 1)"; then
  suite "browser tests: portal (Playwright, Chromium)" npm run e2e -w @kafkloud/portal
fi

suite "system: security, fuzzing (FUZZ_RUNS=${FUZZ_RUNS:-1000} per endpoint), dead letters" \
  npm run test:system -w @kafkloud/streamer

suite "fault injection, quick part (3 brokers, full stack)" \
  env CHAOS_QUICK=1 npm run chaos -w @kafkloud/streamer

step "$((SECONDS - started)) s"
for name in "${failed[@]}"; do echo "FAILED: $name"; done
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
