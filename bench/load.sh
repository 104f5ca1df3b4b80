#!/usr/bin/env bash
# HTTP load run: throughput and latency of POST /v1/decisions with the typical fact set, against
# the packaged jar, and in the same run the same for a floor: the same jar started with an empty
# rules directory and the scenario gate off (it parses, validates and answers without rules).
# Prints both and the ratio decision / floor. Only loopback traffic; bounded in time.
#   bench/load.sh                    # 20 s per measurement, 16 connections, 2 wrk threads
#   DURATION=60s CONNECTIONS=32 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
FACTS=${FACTS:-bench/typical.json}
JAR=$(ls target/licensing-decisions-*.jar 2>/dev/null | grep -v original | head -1 || true)

if ! command -v wrk >/dev/null 2>&1; then
  echo "load: installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
if [ -z "$JAR" ]; then
  echo "load: building the jar"
  mvn -q -B -DskipTests package
  JAR=$(ls target/licensing-decisions-*.jar | grep -v original | head -1)
fi

EMPTY=$(mktemp -d)
LOGS=$(mktemp -d) # both servers keep their decision log on (as deployed), outside the project
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$EMPTY" "$LOGS"; }
trap cleanup EXIT

start() { # port, extra args...
  local port=$1; shift
  java -jar "$JAR" --server.port="$port" --rules.watch=false --decisions.log.path="$LOGS/decisions-$port.jsonl" "$@" \
    > "target/load-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @"$FACTS" "http://127.0.0.1:$port/v1/decisions" | grep -q 200; then
      return 0
    fi
    sleep 0.5
  done
  echo "load: the service on port $port did not answer; see target/load-$port.log" >&2
  exit 1
}

measure() { # label, port -> prints wrk output, sets RPS
  local label=$1 port=$2
  FACTS="$FACTS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post.lua "http://127.0.0.1:$port/v1/decisions" > /dev/null
  echo "== $label (port $port): $CONNECTIONS connections, $THREADS threads, $DURATION"
  FACTS="$FACTS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post.lua \
    "http://127.0.0.1:$port/v1/decisions" | tee "target/load-$label.txt"
}

# one server at a time: the machine has two cores, and wrk needs one of them
start 18081
measure decision 18081
DECISION_RPS=$(awk '/^Requests\/sec/ {print $2}' target/load-decision.txt)
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true

start 18082 --rules.dir="$EMPTY" --rules.gate=false
measure floor 18082
FLOOR_RPS=$(awk '/^Requests\/sec/ {print $2}' target/load-floor.txt)

echo
echo "decision: $DECISION_RPS requests/s; floor (no rules): $FLOOR_RPS requests/s"
awk -v d="$DECISION_RPS" -v f="$FLOOR_RPS" 'BEGIN { printf "ratio decision / floor: %.2f\n", d / f }'
