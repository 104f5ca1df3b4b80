#!/usr/bin/env bash
# A ruleset change across a tenant base in Kafka: N tenants' fact sets (varied copies of
# bench/typical.json, bench/make-typical-variants.py) published once each to the facts topic of a
# real single-node broker (scripts/kafka-broker.sh, data in a temporary directory), decided by one
# instance of the packaged jar; then, for a candidate that moves GEO-05's date in rules/policy.drl
# by a year:
#   1. impact --kafka: the command line's impact over every tenant's latest fact set (wall time,
#      and the report's replayed, changed, durationMillis);
#   2. the same over HTTP (POST /v1/ruleset/impact, source kafka: replayed in the worker process,
#      held to rules.impact.time-budget, IMPACT_BUDGET here);
#   3. the change saved and reloaded (POST /v1/ruleset/reload), and the time from the reload's
#      answer (the version is live) to the re-decision's summary in GET /v1/ruleset.
# Each tenant is published once, so the topic holds what compaction would keep; it is created
# by `kafka create-topics` like the others. Loopback ports only; bounded in time (TIMEOUT).
#
#   bench/fleet-redecide.sh             # 100,000 tenants
#   INSTANCES=2 bench/fleet-redecide.sh # two instances in one group share the decisions and the re-decision
#   HTTP_IMPACT=0 bench/fleet-redecide.sh   # without step 2
#   N=500 bench/fleet-redecide.sh       # a smoke run: proves the script, numbers mean nothing
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-${1:-100000}}
PARTITIONS=${PARTITIONS:-4}
INSTANCES=${INSTANCES:-1}
KAFKA_PORT=${KAFKA_PORT:-19292}
PORT=${PORT:-18292}
TIMEOUT=${TIMEOUT:-900}
JAR=${JAR:-$(scripts/packaged-jar.sh fleet-bench)}
SERVERS=localhost:$KAFKA_PORT
TOKEN=bench-token


WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# kafka, start_kafka_broker, decided_over_kafka
. scripts/bench-kafka.sh
now() { date +%s.%N; }
decided() { # by all instances
  decided_over_kafka $(for k in $(seq 0 $((INSTANCES - 1))); do echo $((PORT + k)); done)
}
deadline() { # start seconds; fails past TIMEOUT
  if [ "$(echo "$(now) - $1 > $TIMEOUT" | bc)" = 1 ]; then
    echo "fleet-bench: not done within $TIMEOUT s; see target/bench-fleet-service-*.log" >&2
    exit 1
  fi
}

start_kafka_broker fleet-bench target/bench-fleet-broker.log
# the changes topic: create-topics creates the missing ones of the names it is given
kafka create-topics --partitions 1 --facts-topic licensing.ruleset-changes > /dev/null

echo "fleet-bench: $N tenants' fact sets to licensing.facts"
python3 bench/make-typical-variants.py "$N" > "$WORK/tenants.ndjson"
kafka produce "$WORK/tenants.ndjson" > /dev/null

mkdir -p "$WORK/rules" "$WORK/candidate"
cp rules/*.drl "$WORK/rules/"
cp rules/*.drl "$WORK/candidate/"
# GEO-05's date a year later, whatever it is
python3 - "$WORK/candidate/policy.drl" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2 = re.sub(r'(licensesVisibleInAllGeosFrom\(\) \{ return LocalDate\.of\()(\d+)',
            lambda m: m.group(1) + str(int(m.group(2)) + 1), s, count=1)
assert s2 != s, "GEO-05's date not found in policy.drl"
open(p, 'w').write(s2)
PY

# the scenario gate off: the scenarios pin GEO-05's date, which the candidate moves; each instance has its own
# copy of the rules (and history), as instances on several machines would
t0=$(now)
for k in $(seq 0 $((INSTANCES - 1))); do
  port=$((PORT + k))
  echo "fleet-bench: starting instance $((k + 1)) of $INSTANCES on port $port"
  mkdir -p "$WORK/rules-$k"
  cp "$WORK"/rules/*.drl "$WORK/rules-$k/"
  java -jar "$JAR" --server.port="$port" --rules.dir="$WORK/rules-$k" --rules.watch=false --rules.gate=false \
    --rules.history.dir="$WORK/history-$k" --rules.start-cache-dir="$WORK/start-cache" \
    --rules.admin-token="$TOKEN" --decisions.log.enabled=false --rules.impact.on-reload=false \
    --rules.impact.time-budget="${IMPACT_BUDGET:-120s}" \
    --decisions.kafka.enabled=true --spring.kafka.bootstrap-servers="$SERVERS" > "target/bench-fleet-service-$k.log" 2>&1 &
  PIDS+=($!)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/ruleset")" = 200 ]; do
    kill -0 "${PIDS[-1]}" 2>/dev/null || { echo "fleet-bench: instance $((k + 1)) stopped; see target/bench-fleet-service-$k.log" >&2; exit 1; }
    deadline "$t0"; sleep 0.5
  done
done
until [ "$(decided)" -ge "$N" ]; do deadline "$t0"; sleep 1; done
echo "fleet-bench: the $N fact sets decided over Kafka in $(printf '%.1f' "$(echo "$(now) - $t0" | bc)") s (from the start)"

echo "fleet-bench: impact --kafka"
i0=$(now)
java -jar "$JAR" impact --candidate "$WORK/candidate" --baseline "$WORK/rules" --kafka "$SERVERS" --json \
  > "$WORK/impact.json" 2> "$WORK/impact.err" || { cat "$WORK/impact.err" >&2; exit 1; }
i1=$(now)
python3 - "$WORK/impact.json" "$(echo "$i1 - $i0" | bc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("impact:      %d tenants replayed, %d changed, %d not replayable, %d timed out; replay %.1f s, command %.1f s"
      % (r["replayed"], r["changed"], r["notReplayable"], r["timedOut"], r["durationMillis"] / 1000, float(sys.argv[2])))
PY

if [ "${HTTP_IMPACT:-1}" = 1 ]; then
  echo "fleet-bench: POST /v1/ruleset/impact with source kafka (the worker process reads the topic)"
  python3 - "$WORK/candidate" > "$WORK/impact-body.json" <<'PY'
import json, os, sys
d = sys.argv[1]
print(json.dumps({"source": "kafka", "files": {f: open(os.path.join(d, f)).read() for f in sorted(os.listdir(d))}}))
PY
  h0=$(now)
  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @"$WORK/impact-body.json" \
    "http://127.0.0.1:$PORT/v1/ruleset/impact" > "$WORK/impact-http.json"
  h1=$(now)
  python3 - "$WORK/impact-http.json" "$(echo "$h1 - $h0" | bc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
if "replayed" not in r:
    sys.exit("fleet-bench: the impact request failed: " + json.dumps(r)[:500])
print("impact/HTTP: %s, %d tenants replayed, %d changed, %d timed out, cut short %s; replay %.1f s, request %.1f s"
      % (r["outcome"], r["replayed"], r["changed"], r["timedOut"], r["cutShort"], r["durationMillis"] / 1000,
         float(sys.argv[2])))
PY
fi

echo "fleet-bench: the change goes live on $INSTANCES instance(s)"
for k in $(seq 0 $((INSTANCES - 1))); do cp "$WORK/candidate/policy.drl" "$WORK/rules-$k/policy.drl"; done
RELOADS=()
for k in $(seq 1 $((INSTANCES - 1))); do
  curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$((PORT + k))/v1/ruleset/reload" > "$WORK/reload-$k.json" &
  RELOADS+=($!)
done
reload=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/v1/ruleset/reload")
r0=$(now)
for r in "${RELOADS[@]}"; do wait "$r"; done
version=$(echo "$reload" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r["attempt"]["outcome"] != "LIVE":
    sys.exit("fleet-bench: the change did not go live: " + json.dumps(r["attempt"])[:500])
print(r["liveVersion"])')
run_done() { # the run's summary (all partitions) on any instance
  local k
  for k in $(seq 0 $((INSTANCES - 1))); do
    if curl -s "http://127.0.0.1:$((PORT + k))/v1/ruleset" | python3 -c '
import json, sys
r = json.load(sys.stdin).get("rulesetChangeRun") or {}
sys.exit(0 if r.get("state") == "DONE" and r.get("toVersion") == sys.argv[1] else 1)' "$version"; then
      DONE_PORT=$((PORT + k)); return 0
    fi
  done
  return 1
}
until run_done; do
  deadline "$r0"; sleep 0.5
done
r1=$(now)
curl -s "http://127.0.0.1:$DONE_PORT/v1/ruleset" | python3 -c '
import json, sys
r = json.load(sys.stdin)["rulesetChangeRun"]
print("re-decision: %d tenants re-decided, %d changed, %d with newer facts, errors %s, by rule %s; live to summary %.1f s"
      % (r["redecided"], r["changed"], r["newerFacts"], r["byError"], r["byRule"], float(sys.argv[1])))' \
  "$(echo "$r1 - $r0" | bc)"
echo "load average: $(uptime | sed 's/.*load average: //')"
