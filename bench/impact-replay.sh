#!/usr/bin/env bash
# Impact replay benchmark: a decision log of N (default 100,000) decisions made by the service
# from varied copies of bench/typical.json (bench/make-typical-variants.py), then
# `impact` replaying all of them with the baseline rules (rules/) and a candidate (a copy with
# the base interacted-people quota 10,000 -> 12,000), timed. Prints the log's size and files,
# the wall time and peak memory of `impact`, and its table.
#   bench/impact-replay.sh                  # 100,000 decisions
#   N=20000 bench/impact-replay.sh
# Keep the work directory with KEEP=1 (its path is printed). LOG=<work dir>/logs/decisions.jsonl
# replays a log kept that way instead of making a new one (A/B runs of two jars on one log);
# JAR=... times another jar; JAVA_OPTS=... go to the `impact` JVM (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
PORT=${PORT:-18097}
JAR=${JAR:-$(scripts/packaged-jar.sh impact-replay)}
WORK=$(mktemp -d)
PID=
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
echo "impact-replay: work directory $WORK"

if [ -n "${LOG:-}" ]; then
  echo "impact-replay: replaying the kept log $LOG"
else
  python3 bench/make-typical-variants.py "$N" > "$WORK/variants.ndjson"
  echo "impact-replay: $N fact sets, $(du -h "$WORK/variants.ndjson" | cut -f1) of NDJSON"

  java -jar "$JAR" --server.port="$PORT" --rules.watch=false --decisions.log.path="$WORK/logs/decisions.jsonl" \
    --decisions.log.queue-capacity="$N" > "$WORK/service.log" 2>&1 &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
    kill -0 "$PID" 2>/dev/null || { echo "the service stopped; see $WORK/service.log" >&2; exit 1; }
    sleep 0.2
  done
  t0=$(date +%s.%N)
  curl -s -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/variants.ndjson" \
    "http://127.0.0.1:$PORT/v1/decisions/batch" > "$WORK/results.ndjson"
  printf 'impact-replay: the service decided the batch in %.1f s: %d results, %d with status 200\n' \
    "$(echo "$(date +%s.%N) - $t0" | bc)" "$(wc -l < "$WORK/results.ndjson")" \
    "$(grep -c '"status":200' "$WORK/results.ndjson" || true)"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  lines=$(cat "$WORK"/logs/decisions.jsonl* | wc -l)
  echo "impact-replay: decision log: $lines lines in $(ls "$WORK"/logs | wc -l) file(s), $(du -sh "$WORK/logs" | cut -f1)"

  LOG="$WORK/logs/decisions.jsonl"
fi
mkdir -p "$WORK/candidate"
cp -r rules/. "$WORK/candidate/"
perl -0pi -e 's/(function\s+\w+\s+baseInteractedPeople\s*\(\s*\)\s*\{).*?\}/$1 return 12000L; }/s' \
  "$WORK/candidate/policy.drl"
grep -q 'baseInteractedPeople() { return 12000L; }' "$WORK/candidate/policy.drl"

uptime
echo "impact-replay: java ${JAVA_OPTS:-} -jar $JAR impact --candidate <rules with 12,000> --log <log> --last $N"
/usr/bin/time -f 'impact-replay: impact took %e s wall, %U s user, %S s system, peak RSS %M KB' \
  java ${JAVA_OPTS:-} -jar "$JAR" impact --candidate "$WORK/candidate" --baseline rules --log "$LOG" \
  --last "$N" | tee "$WORK/impact.txt"
uptime
