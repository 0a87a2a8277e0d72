#!/usr/bin/env bash
# `make bench`: every workspace's benchmark against one private broker, then docs/benchmarks.md.
# BENCH_QUICK=1 shrinks every benchmark (for a smoke run; the figures are then not the reference).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DATA="$(mktemp -d -t kafkloud-bench-XXXXXX)"
OUT="$DATA/bench.out"
KAFKA_PORT="$(node --input-type=module -e "import { freePort } from '@kafkloud/streamer/testing'; console.log(await freePort(2));")"
kafka() { BROKERS=1 KAFKA_PORT="$KAFKA_PORT" KAFKLOUD_DATA_DIR="$DATA" KAFKA_HEAP=1g ./streamer/scripts/kafka-local.sh "$@"; }
trap 'kafka stop || true; rm -rf "$DATA"' EXIT
kafka start
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"

for workspace in streamer producer consumer seer portal; do
  [[ -f "$workspace/package.json" ]] || continue
  if node -e "process.exit(require('./$workspace/package.json').scripts?.bench ? 0 : 1)"; then
    printf '\n[bench] === %s ===\n' "$workspace" >&2
    npm run bench --silent -w "@kafkloud/$workspace" | tee -a "$OUT"
  fi
done

npx tsx streamer/bench/write-report.ts "$OUT"
