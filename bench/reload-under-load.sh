#!/usr/bin/env bash
# How long a saved rule change takes to go live, idle and under HTTP load: starts the packaged
# jar on a private copy of rules/ (the repository's files are never touched), then ROUNDS times
# appends a comment to a rule file (a new version, same rules) and measures from the write
# until GET /v1/ruleset shows the new version; first idle, then while wrk posts
# bench/typical.json to POST /v1/decisions with CONNECTIONS connections. Prints every round and
# the medians. Extra arguments go to the service (e.g. --rules.worker.enabled=false).
#   bench/reload-under-load.sh
#   JAR=/path/to/other.jar ROUNDS=5 bench/reload-under-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18085}
FACTS=${FACTS:-bench/typical.json}
LIMIT_S=${LIMIT_S:-120}
JAR=${JAR:-$(scripts/packaged-jar.sh reload)}

if ! command -v wrk >/dev/null 2>&1; then
  echo "reload: installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

WORK=$(mktemp -d)
cp -r rules "$WORK/rules"
LOG=${LOG:-target/reload-under-load.log}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
version() { curl -s "http://127.0.0.1:$PORT/v1/ruleset" | grep -o '"version":"[0-9a-f]*"' | head -1 | cut -d'"' -f4; }

java -jar "$JAR" --server.port="$PORT" --rules.dir="$WORK/rules" --rules.scenarios-dir=test-scenarios \
  --decisions.log.path="$WORK/decisions.jsonl" "$@" > "$LOG" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  if curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$FACTS" \
      "http://127.0.0.1:$PORT/v1/decisions" | grep -q 200; then break; fi
  sleep 0.5
done
# a worker process (when on) is started and warmed after the start; wait for it (at most 60 s)
for _ in $(seq 1 120); do grep -q "warmed in" "$LOG" && break; sleep 0.5; done
sleep 2

FILE=$(ls "$WORK/rules"/*.drl | head -1)
ROUND=0
MS=0
change() { # label -> sets MS to the ms from the write until the new version is live, and prints it
  ROUND=$((ROUND + 1))
  local before after start end
  before=$(version)
  start=$(now_ms)
  printf '\n// bench round %s\n' "$ROUND" >> "$FILE"
  while :; do
    after=$(version)
    if [ -n "$after" ] && [ "$after" != "$before" ]; then break; fi
    if [ $(( $(now_ms) - start )) -gt $((LIMIT_S * 1000)) ]; then echo "reload: no new version after ${LIMIT_S}s" >&2; break; fi
    sleep 0.05
  done
  end=$(now_ms)
  MS=$((end - start))
  echo "$1 round $ROUND: $MS ms (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  sleep 1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

IDLE=()
for _ in $(seq 1 "$ROUNDS"); do change idle; IDLE+=("$MS"); done

FACTS="$FACTS" wrk -t"$THREADS" -c"$CONNECTIONS" -d$((LIMIT_S * ROUNDS + 60))s -s bench/post.lua \
  "http://127.0.0.1:$PORT/v1/decisions" > "$WORK/wrk.txt" 2>&1 &
WRK=$!
PIDS+=($WRK)
sleep 5
LOADED=()
for _ in $(seq 1 "$ROUNDS"); do change "under wrk -c$CONNECTIONS"; LOADED+=("$MS"); done
kill -INT "$WRK" 2>/dev/null || true; wait "$WRK" 2>/dev/null || true

echo
echo "saved change live, idle: median $(printf '%s\n' "${IDLE[@]}" | median) ms (${IDLE[*]})"
echo "saved change live, under wrk -t$THREADS -c$CONNECTIONS: median $(printf '%s\n' "${LOADED[@]}" | median) ms (${LOADED[*]})"
echo "wrk: $(grep -E 'Requests/sec' "$WORK/wrk.txt" || true)"
grep -E "passed in the worker process" "$LOG" | tail -n $((ROUNDS * 2)) | sed 's/^.*RulesetReloader *: /  service log: /'
