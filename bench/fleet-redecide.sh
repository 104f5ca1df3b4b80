#!/usr/bin/env bash
# A ruleset change across a tenant base in Kafka: N tenants' fact sets (varied copies of
# bench/typical.json, bench/make-typical-variants.py) published once each to the facts topic of a
# real single-node broker (scripts/kafka-broker.sh, data in a temporary directory), decided by one
# instance of the packaged jar; then, for a candidate that moves GEO-05's date in rules/policy.drl
# by a year:
#   1. impact --kafka: the command line's impact over every tenant's latest fact set (wall time,
#      and the report's replayed, changed, durationMillis);
#   2. the same over HTTP (POST /v1/ruleset/impact, source kafka: replayed in the worker process,
#      held to rules.impact.kafka-time-budget, 5m);
#   3. the change saved and reloaded (POST /v1/ruleset/reload), and the time from the reload's
#      answer (the version is live) to the re-decision's summary in GET /v1/ruleset, and the CPU
#      seconds instance 1 used in that time (less noisy than the wall time on a shared machine).
# Each tenant is published once, so the topic holds what compaction would keep; it is created
# by `kafka create-topics` like the others. Loopback ports only; bounded in time (TIMEOUT).
#
#   bench/fleet-redecide.sh             # 100,000 tenants
#   INSTANCES=2 bench/fleet-redecide.sh # two instances in one group share the decisions and the re-decision
#   HTTP_IMPACT=0 bench/fleet-redecide.sh   # without step 2
#   N=500 bench/fleet-redecide.sh       # a smoke run: proves the script, numbers mean nothing
#   SERVICE_ARGS="--decisions.threads=2" bench/fleet-redecide.sh   # further options of the instances
#   INSTANCES=2 KILL=1 HTTP_IMPACT=0 N=20000 bench/fleet-redecide.sh   # instance 2 killed during the re-decision
#
# KILL=1 (needs INSTANCES=2 or more; refused with fewer): once the reload has answered on every
# instance, waits until instance 2 is into its share of the run (its decisions_total, the reports it
# decided, has grown since before the reload: it has re-decided its first changed tenants), then
# KILL_AFTER more (seconds, default 1), and kills instance 2's JVM (the java process itself) with
# kill -9: no shutdown, no leaving the group, a transaction it had open left open. The run must not
# be DONE on instance 2 by then. Instance 1 is given the dead member's partitions once the run's
# group session timeout has passed (decisions.kafka.ruleset-change.session-timeout, 10 s; the dead
# member's open transaction is aborted after twice that) and finishes the run. Then, checked from
# outside once the dead instance's open transaction, if any, has been aborted by the broker (the
# run's transaction timeout, 20 s, + up to 10 s: the check waits until 35 s after the kill), reading licensing.decisions read_committed with
# `kafka read`: the records with header cause=ruleset-change must carry the new version in
# ruleset-version and the summary's fromVersion in previous-ruleset-version, name each tenant (key)
# at most once, number the summary's `changed` and the impact --kafka report's `changed`, and include
# the tenants the report gives as examples (it lists examples, not every tenant); and the run must
# cover the tenants impact --kafka replayed (re-decided + newer facts + errors = replayed + not
# replayable). Their keys and headers go to target/bench-fleet-redecisions.ndjson. Prints
# "fleet-bench: PASS" or "fleet-bench: FAIL: ..." and exits 1 on FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-${1:-100000}}
PARTITIONS=${PARTITIONS:-4}
INSTANCES=${INSTANCES:-1}
KILL=${KILL:-0}
KILL_AFTER=${KILL_AFTER:-1}
KAFKA_PORT=${KAFKA_PORT:-19292}
PORT=${PORT:-18292}
TIMEOUT=${TIMEOUT:-900}
JAR=${JAR:-$(scripts/packaged-jar.sh fleet-bench)}
SERVERS=localhost:$KAFKA_PORT
TOKEN=bench-token
if [ "$KILL" = 1 ] && [ "$INSTANCES" -lt 2 ]; then
  echo "fleet-bench: KILL=1 kills instance 2 during the re-decision and lets instance 1 finish it:" \
    "it needs INSTANCES=2 (INSTANCES is $INSTANCES)" >&2
  exit 2
fi


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
decisions_total() { # the reports an instance decided (HTTP, Kafka, re-decision), by its HTTP port
  curl -s "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^decisions_total/ {n += $2} END {printf "%d\n", n}'
}
run_state() { # the state of the run in an instance's GET /v1/ruleset, by its HTTP port ("none" when not answered)
  curl -s "http://127.0.0.1:$1/v1/ruleset" | python3 -c '
import json, sys
try:
    print((json.load(sys.stdin).get("rulesetChangeRun") or {}).get("state", "none"))
except ValueError:
    print("none")'
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
    --decisions.kafka.enabled=true --spring.kafka.bootstrap-servers="$SERVERS" ${SERVICE_ARGS:-} > "target/bench-fleet-service-$k.log" 2>&1 &
  PIDS+=($!)
  INSTANCE_PIDS[k]=$! # the java process itself (a simple command in the background: bash execs it)
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
[ "$KILL" = 1 ] && before_2=$(decisions_total $((PORT + 1)))
for k in $(seq 0 $((INSTANCES - 1))); do cp "$WORK/candidate/policy.drl" "$WORK/rules-$k/policy.drl"; done
RELOADS=()
for k in $(seq 1 $((INSTANCES - 1))); do
  curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$((PORT + k))/v1/ruleset/reload" > "$WORK/reload-$k.json" &
  RELOADS+=($!)
done
cpu_s() { # CPU seconds (user + system) of process $1 and its threads so far
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
reload=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/v1/ruleset/reload")
r0=$(now)
c0=$(cpu_s "${INSTANCE_PIDS[0]}")
for r in "${RELOADS[@]}"; do wait "$r"; done
version=$(echo "$reload" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r["attempt"]["outcome"] != "LIVE":
    sys.exit("fleet-bench: the change did not go live: " + json.dumps(r["attempt"])[:500])
print(r["liveVersion"])')
KILLED=-1
if [ "$KILL" = 1 ]; then
  # instance 2 into its share of the run: it has re-decided (and is publishing) its first changed tenants
  until [ "$(decisions_total $((PORT + 1)))" -gt "$before_2" ]; do
    deadline "$r0"
    [ "$(run_state $((PORT + 1)))" = DONE ] && { echo "fleet-bench: FAIL: the run was done before instance 2 decided anything" >&2; exit 1; }
    sleep 0.2
  done
  sleep "$KILL_AFTER"
  pid=${INSTANCE_PIDS[1]}
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || echo gone)
  [ "$comm" = java ] || { echo "fleet-bench: FAIL: instance 2's process $pid is '$comm', not java" >&2; exit 1; }
  state=$(run_state $((PORT + 1)))
  decided_2=$(( $(decisions_total $((PORT + 1))) - before_2 ))
  [ "$state" = RUNNING ] || { echo "fleet-bench: FAIL: the run on instance 2 is $state, not RUNNING, at the kill" >&2; exit 1; }
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  k0=$(now)
  KILLED=1
  printf 'fleet-bench: killed instance 2 (java pid %s, kill -9) %.1f s after the reload answered, its run RUNNING, %d reports re-decided there\n' \
    "$pid" "$(echo "$k0 - $r0" | bc)" "$decided_2"
  echo "fleet-bench: instance 1 gets its partitions once the run's group session timeout has passed (decisions.kafka.ruleset-change.session-timeout, 10 s; the dead instance's open transaction is aborted after 20 s)"
fi
run_done() { # the run's summary (all partitions) on any instance still running
  local k
  for k in $(seq 0 $((INSTANCES - 1))); do
    [ "$k" = "$KILLED" ] && continue
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
c1=$(cpu_s "${INSTANCE_PIDS[0]}")
curl -s "http://127.0.0.1:$DONE_PORT/v1/ruleset" > "$WORK/ruleset.json"
python3 -c '
import json, sys
r = json.load(open(sys.argv[2]))["rulesetChangeRun"]
print("re-decision: %d tenants re-decided, %d changed, %d with newer facts, errors %s, by rule %s; live to summary %.1f s"
      % (r["redecided"], r["changed"], r["newerFacts"], r["byError"], r["byRule"], float(sys.argv[1])))' \
  "$(echo "$r1 - $r0" | bc)" "$WORK/ruleset.json"
printf 're-decision: instance 1 used %.1f s of CPU from the reload'"'"'s answer to the summary\n' "$(echo "$c1 - $c0" | bc)"
if [ "$KILL" = 1 ]; then
  printf 'fleet-bench: the summary on instance %d, %.1f s after the kill\n' $((DONE_PORT - PORT + 1)) "$(echo "$r1 - $k0" | bc)"
  # a transaction the dead instance had open holds back read_committed readers of its partitions until
  # the broker aborts it: the run's transaction.timeout.ms (20 s) after it began, checked every 10 s
  wait_s=$(echo "$k0 + 35 - $(now)" | bc)
  if [ "$(echo "$wait_s > 0" | bc)" = 1 ]; then
    printf 'fleet-bench: waiting %.0f s more (35 s after the kill: any transaction the dead instance left open is aborted by then)\n' "$wait_s"
    sleep "$wait_s"
  fi
  echo "fleet-bench: reading licensing.decisions (read_committed) with kafka read"
  kafka read --topic licensing.decisions > "$WORK/decisions.ndjson" 2> "$WORK/read.err" \
    || { cat "$WORK/read.err" >&2; echo "fleet-bench: FAIL: kafka read failed" >&2; exit 1; }
  python3 - "$WORK/decisions.ndjson" "$WORK/ruleset.json" "$WORK/impact.json" "$version" <<'PY'
import collections, json, sys
lines, summary, impact, version = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
run = json.load(open(summary))["rulesetChangeRun"]
report = json.load(open(impact))
total = 0
redecisions = []
for line in open(lines):
    if not line.strip():
        continue
    rec = json.loads(line)
    total += 1
    if (rec.get("headers") or {}).get("cause") == "ruleset-change":
        redecisions.append(rec)
keys = collections.Counter(r["key"] for r in redecisions)
with open("target/bench-fleet-redecisions.ndjson", "w") as out: # their keys and headers, for a look after the run
    for r in redecisions:
        out.write(json.dumps({k: r[k] for k in ("partition", "offset", "key", "headers")}) + "\n")
base_run = run["redecided"] + run["newerFacts"] + sum(run["byError"].values())
base_impact = report["replayed"] + report["notReplayable"]
twice = {k: n for k, n in keys.items() if n > 1}
wrong_version = [r for r in redecisions if r["headers"].get("ruleset-version") != version]
wrong_previous = [r for r in redecisions if r["headers"].get("previous-ruleset-version") != run["fromVersion"]]
examples = {e["tenantId"] for g in report.get("groups", []) for e in g.get("examples", []) if e.get("tenantId")}
missing = examples - set(keys)
print("check: %d records on licensing.decisions, %d with cause=ruleset-change (%d tenants); summary changed %d,"
      " impact --kafka changed %d; ruleset-version not %s: %d; previous-ruleset-version not %s: %d;"
      " tenants more than once: %d; impact examples not among them: %d of %d"
      % (total, len(redecisions), len(keys), run["changed"], report["changed"], version[:12], len(wrong_version),
         run["fromVersion"][:12], len(wrong_previous), len(twice), len(missing), len(examples)))
failures = []
if base_run != base_impact:
    failures.append("the run covered %d tenants, impact --kafka %d: the tenant base changed in between"
                    " (another producer on this broker?)" % (base_run, base_impact))
if run["toVersion"] != version:
    failures.append("the summary is of %s, not %s" % (run["toVersion"], version))
if wrong_version:
    failures.append("%d with ruleset-version other than the new version (e.g. %s)"
                    % (len(wrong_version), wrong_version[0]["headers"].get("ruleset-version")))
if wrong_previous:
    failures.append("%d with previous-ruleset-version other than the summary's fromVersion" % len(wrong_previous))
if twice:
    failures.append("%d tenants more than once (e.g. %s)" % (len(twice), sorted(twice.items())[:5]))
if len(redecisions) != run["changed"]:
    failures.append("%d re-decisions on the topic, the summary says %d changed" % (len(redecisions), run["changed"]))
if len(redecisions) != report["changed"]:
    failures.append("%d re-decisions on the topic, impact --kafka says %d change" % (len(redecisions), report["changed"]))
if missing:
    failures.append("impact's example tenants not re-decided: %s" % sorted(missing)[:5])
if failures:
    print("fleet-bench: FAIL: " + "; ".join(failures))
    sys.exit(1)
print("fleet-bench: PASS")
PY
fi
echo "load average: $(uptime | sed 's/.*load average: //')"
