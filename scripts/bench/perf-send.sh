#!/bin/bash
# The send benchmark under `perf` (both workers, all their threads, cpu-clock samples at 499 Hz,
# JIT frames named via --perf-basic-prof), then scripts/bench/perf-report.mjs on the samples.
# Usage: scripts/bench/perf-send.sh <out-prefix> [bench args, e.g. --recipients 20000]
# Needs perf (Debian: linux-perf) and a user allowed to profile its own processes. The worker
# 0 CPU profiler is off (--profile 0): perf is the profiler here. Writes <out>.log (the bench's
# output and JSON), <out>.perf and <out>.samples; prints the report. EXTRA_NODE_ARGS="..." adds
# node options to the workers' (to compare V8 flags). Run it on a quiet machine: the workers are
# found by their command line, so another running worker would be profiled too.
set -euo pipefail
out=${1:?usage: perf-send.sh <out-prefix> [bench args]}; shift
cd "$(dirname "$0")/../.."
BENCH_WORKER_NODE_ARGS="--max-semi-space-size=64 --perf-basic-prof ${EXTRA_NODE_ARGS:-}" \
  npm run bench -- --only send --recipients 20000 --profile 0 "$@" > "$out.log" 2>&1 &
bench=$!
until grep -q "workers up" "$out.log" 2>/dev/null; do
  sleep 0.2
  kill -0 $bench 2>/dev/null || { echo "bench ended before its workers were up: see $out.log" >&2; exit 1; }
done
pids=$(pgrep -f "apps/worker/src/main.ts" | paste -sd, -)
perf record -F 499 -g -o "$out.perf" -p "$pids" > "$out.perf.log" 2>&1 &
rec=$!
wait $bench
kill -INT $rec 2>/dev/null || true
wait $rec || true
perf script -i "$out.perf" -F tid,time,ip,sym 2>/dev/null > "$out.samples"
node scripts/bench/perf-report.mjs "$out.samples" "$pids"
