#!/usr/bin/env bash
# Start to first answered decision: seconds from launching the service to the first 200 of
# POST /v1/decisions with bench/typical.json (curl every 50 ms), RUNS times; prints each, with
# the CPU time the service had used by then (user + system, all threads) and the load average
# (uptime) after it, and the median. The service is started as the README
# says (`java -jar JAR`), with only a port of its own and its decision log in a temporary
# directory; extra arguments go to the service.
#   bench/start-time.sh                                   # the packaged (fat) jar
#   JAR=target/app/licensing-decisions-0.1.0-SNAPSHOT.jar bench/start-time.sh   # extracted layout
#   bench/start-time.sh --rules.gate=false
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java JAVA_OPTS=-XX:AOTCache=target/app/app.aot \
#     JAR=target/app/licensing-decisions-0.1.0-SNAPSHOT.jar bench/start-time.sh   # after scripts/aot-cache.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
PORT=${PORT:-18093}
JAR=${JAR:-$(scripts/packaged-jar.sh start-time)}
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT

times=()
for run in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  ${JAVA:-java} ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --decisions.log.path="$LOGS/decisions.jsonl" "$@" \
    > "target/start-time.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @bench/typical.json "http://127.0.0.1:$PORT/v1/decisions")" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start-time: the service stopped; see target/start-time.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  t=$(echo "$(date +%s.%N) - $t0" | bc)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  times+=("$t")
  printf 'run %d: %.2f s, %s s of CPU (load average %s)\n' "$run" "$t" "$cpu" "$(uptime | sed 's/.*load average: //')"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median of %d: %.2f s\n", NR, (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
