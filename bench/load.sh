#!/usr/bin/env bash
# HTTP load run against the packaged jar: throughput and latency of POST /v1/decisions, and in the
# same run the same for a floor: the same jar started with an empty rules directory and the
# scenario gate off (it parses, validates and answers without rules). Both get the same bodies:
# by default the 1,000 distinct fact sets of bench/load-facts.ndjson (bench/make-load-facts.py),
# each request the next line (bench/post.lua); FACTS=bench/typical.json sends that one body.
# Only loopback traffic; bounded in time.
#
#   bench/load.sh                              # c=16: both warmed 120 s, then decision, floor: 20 s each
#   CONNECTIONS="1 4 16" ROUNDS=2 bench/load.sh   # each c, A/B/A/B (decision, floor, decision, floor)
#   FACTS=bench/typical.json bench/load.sh     # one body repeated
#   bench/load.sh curve                        # warm-up curve of a fresh instance (below)
#   bench/load.sh curve --rules.worker.enabled=false   # extra arguments go to that instance
#   JAVA=... JAVA_OPTS=-XX:AOTCache=target/app/app.aot JAR=target/app/licensing-decisions-0.1.0-SNAPSHOT.jar \
#     bench/load.sh curve                      # the extracted jar with its AOT cache (scripts/aot-cache.sh)
#
# Both servers run side by side (an idle one costs next to nothing); each is warmed with WARMUP
# of load at the largest c, then every measurement alternates decision and floor, so both sides
# see the same machine. Prints each measurement with the load average (uptime) when it ended,
# and a table: requests/s of each side and the ratio decision / floor, per c and round; beside it
# the server's CPU time (user + system, all its threads, from /proc) per request of each side and
# their ratio floor / decision: on a machine shared with other work, the CPU per request says
# what the throughput ratio would be on an otherwise idle machine (where both are CPU-bound).
# wrk runs min(THREADS, c) threads. Any answer but 200 is counted and fails the run.
#
# `curve`: starts a fresh decision server, waits until GET /actuator/health/readiness answers
# 200, then runs back-to-back wrk runs of CURVE_STEP (5 s) at c=CONNECTIONS for CURVE_SECONDS
# (180 s) and prints requests/s of each step, with the server's CPU per request and the cores it got. Steady throughput is the median of the steps in
# the last 60 s; it prints the first step at or above 80 % of it and the mean of the first 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-ab}
[ $# -gt 0 ] && shift # curve: the remaining arguments go to the service
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-120s}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
FACTS=${FACTS:-bench/load-facts.ndjson}
CURVE_SECONDS=${CURVE_SECONDS:-180}
CURVE_STEP=${CURVE_STEP:-5}
JAR=${JAR:-$(scripts/packaged-jar.sh load)}
export FACTS

if ! command -v wrk >/dev/null 2>&1; then
  echo "load: installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

EMPTY=$(mktemp -d)
LOGS=$(mktemp -d) # the servers keep their decision log on (as deployed), outside the project
FIRST=$LOGS/first.json
case "$FACTS" in
  *.ndjson) head -1 "$FACTS" > "$FIRST" ;;
  *) cp "$FACTS" "$FIRST" ;;
esac
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$EMPTY" "$LOGS"; }
trap cleanup EXIT

load() { uptime | sed 's/.*load average: //'; }
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in ticks
declare -A PID_OF

launch() { # port, extra args... (sets PIDS)
  local port=$1; shift
  ${JAVA:-java} ${JAVA_OPTS:-} -jar "$JAR" --server.port="$port" --rules.watch=false --decisions.log.path="$LOGS/decisions-$port.jsonl" "$@" \
    > "target/load-$port.log" 2>&1 &
  PIDS+=($!)
  PID_OF[$port]=$!
}

start() { # port, extra args...: waits for a first 200 decision
  local port=$1
  launch "$@"
  for _ in $(seq 1 240); do
    if curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @"$FIRST" "http://127.0.0.1:$port/v1/decisions" | grep -q 200; then
      return 0
    fi
    sleep 0.5
  done
  echo "load: the service on port $port did not answer; see target/load-$port.log" >&2
  exit 1
}

run_wrk() { # port, connections, duration, output file; appends the server's CPU to the output
  local port=$1 c=$2 d=$3 out=$4 t=$THREADS cpu0 w0
  [ "$c" -lt "$t" ] && t=$c
  cpu0=$(cpu_ticks "${PID_OF[$port]}"); w0=$(date +%s.%N)
  wrk -t"$t" -c"$c" -d"$d" --latency -s bench/post.lua "http://127.0.0.1:$port/v1/decisions" > "$out"
  # the server's CPU (all its threads: requests, JIT, GC) per request, and the cores it got
  awk -v dt="$(( $(cpu_ticks "${PID_OF[$port]}") - cpu0 ))" -v hz="$HZ" -v w="$(echo "$(date +%s.%N) - $w0" | bc)" \
    '/ requests in / {n = $1} END {printf "server CPU: %.3f ms per request, %.2f cores\n", 1000 * dt / hz / n, dt / hz / w}' \
    "$out" >> "$out"
  local bad
  bad=$(awk '/^non-200 answers:/ {print $3}' "$out")
  if [ "${bad:-x}" != 0 ]; then
    cat "$out"
    echo "load: $bad answers were not 200 (port $port); see target/load-$port.log" >&2
    exit 1
  fi
}

rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
cpu_per_req() { awk '/^server CPU:/ {print $3}' "$1"; }
cores() { awk '/^server CPU:/ {print $7}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }

if [ "$MODE" = curve ]; then
  port=18083
  t0=$(date +%s.%N)
  launch "$port" "$@"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ]; do
    kill -0 "${PIDS[0]}" 2>/dev/null || { echo "load: the service stopped; see target/load-$port.log" >&2; exit 1; }
    sleep 0.1
  done
  printf 'ready %.1f s after launch (load average %s); %s at c=%s, %s s steps\n' \
    "$(echo "$(date +%s.%N) - $t0" | bc)" "$(load)" "$FACTS" "$CONNECTIONS" "$CURVE_STEP"
  : > target/load-curve.txt
  for s in $(seq "$CURVE_STEP" "$CURVE_STEP" "$CURVE_SECONDS"); do
    run_wrk "$port" "$CONNECTIONS" "${CURVE_STEP}s" "$LOGS/step.txt"
    printf '%4d s  %8.1f req/s  p50 %-9s CPU %6s ms/req  %4s cores  load %s\n' "$s" "$(rps "$LOGS/step.txt")" \
      "$(pct "$LOGS/step.txt" 50%)" "$(cpu_per_req "$LOGS/step.txt")" "$(cores "$LOGS/step.txt")" "$(load)" \
      | tee -a target/load-curve.txt
  done
  steady=$(awk -v total="$CURVE_SECONDS" '$1 > total - 60 {print $3}' target/load-curve.txt | sort -n \
    | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
  awk -v step="$CURVE_STEP" -v steady="$steady" '
    { if (first == "" && $3 >= 0.8 * steady) first = $1
      if ($1 <= 30) { sum30 += $3; c30++ }
      if ($1 == 30) at30 = $3 }
    END {
      printf "steady (median of the steps in the last 60 s): %.1f req/s\n", steady
      printf "first %d s step at >= 80 %% of steady: the one ending at %s s\n", step, first
      printf "first 30 s: mean %.1f req/s = %.0f %% of steady; the step ending at 30 s: %.0f %%\n", sum30 / c30, 100 * sum30 / c30 / steady, 100 * at30 / steady
    }' target/load-curve.txt
  exit 0
fi

# one server starts at a time (the machine has two cores), then both stay up
start 18081
start 18082 --rules.dir="$EMPTY" --rules.gate=false
max_c=$(printf '%s\n' $CONNECTIONS | sort -n | tail -1)
echo "warming both for $WARMUP at c=$max_c with $FACTS (load average $(load))"
run_wrk 18081 "$max_c" "$WARMUP" "$LOGS/warm.txt"
run_wrk 18082 "$max_c" "$WARMUP" "$LOGS/warm.txt"

summary=()
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    for side in decision floor; do
      port=18081; [ "$side" = floor ] && port=18082
      out="target/load-$side-c$c-r$round.txt"
      run_wrk "$port" "$c" "$DURATION" "$out"
      l=$(load)
      echo "== $side, c=$c, round $round: $(rps "$out") req/s, p50 $(pct "$out" 50%), p99 $(pct "$out" 99%)," \
        "server CPU $(cpu_per_req "$out") ms/request on $(cores "$out") cores (load average $l)"
      eval "${side}_rps=$(rps "$out")"
      eval "${side}_cpu=$(cpu_per_req "$out")"
      eval "${side}_load='$l'"
    done
    summary+=("$(printf '%-4s %-6s %10s %10s %6.2f %9s %9s %6.2f   %s | %s' "$c" "$round" "$decision_rps" "$floor_rps" \
      "$(echo "$decision_rps / $floor_rps" | bc -l)" "$decision_cpu" "$floor_cpu" "$(echo "$floor_cpu / $decision_cpu" | bc -l)" \
      "$decision_load" "$floor_load")")
  done
done

echo
echo "fact sets: $FACTS; $DURATION per measurement after $WARMUP of warm-up; wrk -t$THREADS (at most c)"
echo "req/s of each side and their ratio; the server's CPU ms per request of each side and floor / decision"
printf '%-4s %-6s %10s %10s %6s %9s %9s %6s   %s\n' c round decision floor ratio "cpu dec" "cpu floor" ratio \
  "load average after decision | after floor"
printf '%s\n' "${summary[@]}"
