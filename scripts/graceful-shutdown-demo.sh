#!/usr/bin/env bash
# Graceful shutdown, shown: an NDJSON batch of ITEMS fact sets (bench/small.json) is in flight
# when the service gets SIGTERM. Expected: a new connection is refused at once, the batch still
# completes with 200 and every result, the decision log holds every decision of the batch, and
# the service then exits. Uses the packaged jar (built if missing) on PORT; only loopback traffic.
#   scripts/graceful-shutdown-demo.sh
#   ITEMS=40000 PORT=18080 scripts/graceful-shutdown-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
ITEMS=${ITEMS:-20000}
JAR=${JAR:-$(scripts/packaged-jar.sh demo)}
WORK=$(mktemp -d)
say() { echo "$(date +%T.%3N) $*"; }

# one fact set per line: small.json without its newlines, ITEMS times
LINE=$(tr -d '\n' < bench/small.json)
for ((i = 0; i < ITEMS; i++)); do printf '%s\n' "$LINE"; done > "$WORK/batch.ndjson"

java -jar "$JAR" --server.port="$PORT" --rules.watch=false \
  --decisions.log.path="$WORK/decisions.jsonl" > "$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness" && break
  sleep 0.5
done
say "service pid $SERVICE ready: $(curl -s "http://127.0.0.1:$PORT/actuator/health/readiness")"

say "posting a batch of $ITEMS fact sets (NDJSON)"
curl -sS -o "$WORK/results.ndjson" -w '%{http_code}' -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$WORK/batch.ndjson" "http://127.0.0.1:$PORT/v1/decisions/batch" > "$WORK/status" &
BATCH=$!
until [ -s "$WORK/results.ndjson" ] && [ "$(wc -l < "$WORK/results.ndjson")" -ge 1000 ]; do sleep 0.1; done
say "batch in flight, $(wc -l < "$WORK/results.ndjson") results so far; sending SIGTERM"
kill -TERM "$SERVICE"
sleep 0.5

say "a new connection while the batch runs:"
if curl -sS -m 5 -o /dev/null "http://127.0.0.1:$PORT/actuator/health" 2> "$WORK/new.err"; then
  echo "  accepted (unexpected)"
else
  echo "  $(cat "$WORK/new.err")"
fi

wait "$BATCH"
say "batch finished: HTTP $(cat "$WORK/status"), $(wc -l < "$WORK/results.ndjson") result lines," \
  "$(grep -c '"status":200' "$WORK/results.ndjson") with status 200"
set +e
wait "$SERVICE"
CODE=$?
set -e
trap - EXIT
say "service exited with code $CODE (143 = after SIGTERM)"
say "decision log: $(wc -l < "$WORK/decisions.jsonl") lines"
echo "service log, shutdown lines:"
grep -E "graceful|Graceful" "$WORK/service.log" | sed 's/^/  /'
echo "(files in $WORK)"
