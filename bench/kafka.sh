#!/usr/bin/env bash
# Decisions over Kafka against HTTP, side by side in one run of one service: decisions per second
# and the service's CPU per decision, over HTTP (wrk posting bench/load-facts.ndjson, as
# bench/load.sh does) and over Kafka (the same 1,000 fact sets, REPEAT times, produced to the
# facts topic). A real single-node broker (scripts/kafka-broker.sh, data in a temporary
# directory) and the packaged jar, on loopback ports only; bounded in time.
#
#   bench/kafka.sh                                   # warm-up WARMUP (60 s HTTP + 1,000 over Kafka), HTTP DURATION (20 s), Kafka 20,000
#   WARMUP=3s DURATION=3s REPEAT=2 bench/kafka.sh    # a smoke run: proves the script, numbers mean nothing
#
# HTTP: the server's CPU (user + system of all its threads, from /proc) over DURATION of wrk at
# CONNECTIONS, per answered request. Kafka: the decided counter (decisions_kafka_records_decided_total)
# and the CPU are sampled every half second while the stream is consumed; decisions/s and CPU per
# decision are taken over the samples from the first decision of the stream to the last, so the
# producer's start (a JVM of its own) is not counted. Neither side counts its client (wrk, the
# producer) nor the broker. Prints both and their ratios; the run fails if a request is not
# answered 200 or the stream is not decided within KAFKA_TIMEOUT.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-20}
PARTITIONS=${PARTITIONS:-4}
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_TIMEOUT=${KAFKA_TIMEOUT:-600}
PORT=${PORT:-18091}
FACTS=bench/load-facts.ndjson
JAR=${JAR:-$(scripts/packaged-jar.sh kafka-bench)}
SERVERS=localhost:$KAFKA_PORT
export FACTS

if ! command -v wrk >/dev/null 2>&1; then
  echo "kafka-bench: installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() { # last started first: the service leaves its consumer group before the broker stops
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load() { uptime | sed 's/.*load average: //'; }
# kafka, start_kafka_broker, decided_over_kafka
. scripts/bench-kafka.sh
decided() { decided_over_kafka "$PORT"; }

start_kafka_broker kafka-bench target/bench-kafka-broker.log

echo "kafka-bench: starting the service on port $PORT, consuming from $SERVERS"
java -jar "$JAR" --server.port="$PORT" --rules.watch=false --decisions.log.path="$WORK/decisions.jsonl" \
  --decisions.kafka.enabled=true --spring.kafka.bootstrap-servers="$SERVERS" > target/bench-kafka-service.log 2>&1 &
SERVICE=$!
PIDS+=($SERVICE)
head -1 "$FACTS" > "$WORK/first.json"
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/first.json" "http://127.0.0.1:$PORT/v1/decisions")" = 200 ]; do
  kill -0 "$SERVICE" 2>/dev/null || { echo "kafka-bench: the service stopped; see target/bench-kafka-service.log" >&2; exit 1; }
  sleep 0.5
done

await_decided() { # target count, timeout seconds; samples "seconds decided cpu-ticks" to stdout
  local target=$1 limit=$2 t0 now d
  t0=$(date +%s.%N)
  while :; do
    now=$(date +%s.%N); d=$(decided)
    echo "$now $d $(cpu_ticks "$SERVICE")"
    [ "$d" -ge "$target" ] && return 0
    if [ "$(echo "$now - $t0 > $limit" | bc)" = 1 ]; then
      echo "kafka-bench: only $d of $target decided over Kafka within $limit s; see target/bench-kafka-service.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

echo "kafka-bench: warming up: $WARMUP of HTTP at c=$CONNECTIONS, and the 1,000 fact sets over Kafka (load average $(load))"
kafka produce "$FACTS" > /dev/null
await_decided 1000 "$KAFKA_TIMEOUT" > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/post.lua "http://127.0.0.1:$PORT/v1/decisions" > "$WORK/warm.txt"

# HTTP
cpu0=$(cpu_ticks "$SERVICE")
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/post.lua "http://127.0.0.1:$PORT/v1/decisions" \
  > target/bench-kafka-http.txt
cpu1=$(cpu_ticks "$SERVICE")
bad=$(awk '/^non-200 answers:/ {print $3}' target/bench-kafka-http.txt)
if [ "${bad:-x}" != 0 ]; then
  cat target/bench-kafka-http.txt
  echo "kafka-bench: $bad HTTP answers were not 200" >&2
  exit 1
fi
http_n=$(awk '/ requests in / {print $1}' target/bench-kafka-http.txt)
http_rps=$(awk '/^Requests\/sec/ {print $2}' target/bench-kafka-http.txt)
http_cpu=$(echo "1000 * ($cpu1 - $cpu0) / $HZ / $http_n" | bc -l)
http_load=$(load)

# Kafka: the 1,000 fact sets REPEAT times
for _ in $(seq 1 "$REPEAT"); do cat "$FACTS"; done > "$WORK/stream.ndjson"
n=$(grep -c . "$WORK/stream.ndjson")
d0=$(decided)
kafka produce "$WORK/stream.ndjson" > /dev/null &
PIDS+=($!)
await_decided $((d0 + n)) "$KAFKA_TIMEOUT" > "$WORK/samples.txt"
kafka_load=$(load)
# the window from the last sample before the stream's first decision to the first at its end
read -r kafka_s kafka_n kafka_ticks < <(awk -v d0="$d0" '
  $2 == d0 {t0 = $1; c0 = $3; n0 = $2}
  $2 > d0 && !done {t1 = $1; c1 = $3; n1 = $2}
  END {print t1 - t0, n1 - n0, c1 - c0}' "$WORK/samples.txt")
kafka_rps=$(echo "$kafka_n / $kafka_s" | bc -l)
kafka_cpu=$(echo "1000 * $kafka_ticks / $HZ / $kafka_n" | bc -l)

echo
echo "fact sets: $FACTS; HTTP: wrk -c$CONNECTIONS for $DURATION; Kafka: $n fact sets on $PARTITIONS partitions;"
echo "both after $WARMUP of HTTP and 1,000 fact sets over Kafka; the service's CPU (all threads) per decision"
printf '%-6s %10s %12s %12s   %s\n' side decisions "decisions/s" "CPU ms/dec" "load average after"
printf '%-6s %10s %12.1f %12.3f   %s\n' http "$http_n" "$http_rps" "$http_cpu" "$http_load"
printf '%-6s %10s %12.1f %12.3f   %s\n' kafka "$kafka_n" "$kafka_rps" "$kafka_cpu" "$kafka_load"
printf 'kafka / http: decisions/s %.2f, CPU per decision %.2f\n' \
  "$(echo "$kafka_rps / $http_rps" | bc -l)" "$(echo "$kafka_cpu / $http_cpu" | bc -l)"
