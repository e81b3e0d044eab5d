#!/usr/bin/env bash
# What each feature of the production profile costs: /api/v1/predict/pcos requests/s with
# one setting changed at a time (one worker on core 0, wrk on core 1, 8 s per run).
# usage: bench/feature_costs.sh [PORT]   (needs wrk and taskset; not a test)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8041}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
.venv/bin/python -c "import json; from tests.conftest import body; print(json.dumps(body('pcos')))" > "$WORK/body.json"

measure() {
  mkdir -p "$WORK/metrics"
  env ENVIRONMENT=production HOST=127.0.0.1 PORT="$PORT" MAX_WORKERS=1 \
    API_KEY_REQUIRED=true VALID_API_KEYS=bench-key-0123456789-0123456789-0123456789 PSEUDONYM_KEY=bench-pseudonym-key-0123456789-0123456789 \
    ALLOWED_ORIGINS=https://app.example.org RATE_LIMIT_DEFAULT=100000000/minute \
    PROMETHEUS_MULTIPROC_DIR="$WORK/metrics" "$@" \
    taskset -c 0 .venv/bin/gunicorn -c gunicorn.conf.py 'fembalance_ml.main:build_app()' > /dev/null 2>&1 &
  local server=$!
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && break
    sleep 0.5
  done
  BENCH_BODY_FILE="$WORK/body.json" BENCH_AUTHORIZATION="Bearer bench-key-0123456789-0123456789-0123456789" \
    BENCH_ORIGIN=https://app.example.org taskset -c 1 wrk -t1 -c16 -d8s \
    -s bench/wrk/post.lua "http://127.0.0.1:$PORT/api/v1/predict/pcos" | grep "Requests/sec"
  kill "$server"
  wait "$server" 2> /dev/null || true
}

for setting in "AS_BENCHMARKED=1" "LOG_LEVEL=WARNING" "RATE_LIMIT_ENABLED=false" \
               "INFERENCE_BACKEND=sklearn"; do
  printf '%-28s ' "$setting"
  measure "$setting"
done
