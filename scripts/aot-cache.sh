#!/usr/bin/env bash
# Prepares the fastest start: the jar extracted (Spring Boot's `extract`: the jar and lib/) and,
# beside it, an ahead-of-time cache of the JVM made by a training run, so that a new instance
# starts from classes already loaded and linked (and, on JDK 25, methods already profiled)
# instead of reading and verifying ~20,000 classes again.
#
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/aot-cache.sh
#   scripts/aot-cache.sh target/app --rules.dir=/srv/rules   # more arguments go to the training run
#
# Needs JDK 25 or later: its AOT cache (-XX:AOTCacheOutput, JEP 483/514/515) holds the classes
# loaded and linked and the method profiles of the training run; start the service with
#   $JAVA -XX:AOTCache=target/app/app.aot -jar target/app/licensing-decisions-0.1.0-SNAPSHOT.jar
# (the script prints the command). JDK 17's dynamic CDS archive (-XX:ArchiveClassesAtExit) is no
# substitute: after a realistic training run its JVM crashes while writing the archive (SIGSEGV in
# SystemDictionaryShared::adjust_lambda_proxy_class_dictionary), and it saves far less.
# The cache belongs to this jar, this JDK and this directory layout: make it again after every
# build or JDK update (the JVM refuses a cache that does not match, says so in "[aot]" lines, and starts as
# without one; it never runs other code).
#
# The training run starts the service with the shipped rules (or the --rules.* you pass), waits
# until it is ready, sends it TRAIN (default 2,000) decisions of bench/load-facts.ndjson over
# HTTP, then stops it with SIGTERM (the JVM writes the cache as it exits). It also fills the
# start cache (rules.start-cache-dir) for these rules.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${1:-target/app}
[ $# -gt 0 ] && shift
JAVA=${JAVA:-java}
PORT=${PORT:-18190}
TRAIN=${TRAIN:-2000}
JAR=${JAR:-$(scripts/packaged-jar.sh aot-cache)}

major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p')
if [ "${major:-0}" -lt 25 ]; then
  echo "aot-cache: $JAVA is JDK ${major:-?}; the AOT cache needs JDK 25 or later (JAVA=/path/to/jdk-25/bin/java)" >&2
  exit 2
fi
echo "aot-cache: extracting $JAR into $DIR (JDK $major: $JAVA)"
rm -rf "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
APP="$DIR/$(basename "$JAR")"

CACHE="$DIR/app.aot"
RECORD=(-XX:AOTCacheOutput="$CACHE")
USE="-XX:AOTCache=$CACHE"

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
echo "aot-cache: training run on port $PORT (log: $DIR/training.log)"
"$JAVA" "${RECORD[@]}" -jar "$APP" --server.port="$PORT" --rules.watch=false \
  --decisions.log.path="$LOGS/decisions.jsonl" "$@" > "$DIR/training.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "aot-cache: the training run stopped before it was ready; see $DIR/training.log" >&2
    exit 1
  fi
  sleep 0.2
done
sent=0 failed=0
while [ "$sent" -lt "$TRAIN" ]; do
  while IFS= read -r line && [ "$sent" -lt "$TRAIN" ]; do
    code=$(printf '%s' "$line" | curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @- "http://127.0.0.1:$PORT/v1/decisions")
    [ "$code" = 200 ] || failed=$((failed + 1))
    sent=$((sent + 1))
  done < bench/load-facts.ndjson
done
echo "aot-cache: $sent decisions sent ($failed not 200); stopping the training run"
kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$CACHE" ]; then
  echo "aot-cache: the JVM wrote no cache; see $DIR/training.log" >&2
  exit 1
fi
echo "aot-cache: $CACHE ($(du -h "$CACHE" | cut -f1)); start the service with:"
echo "  $JAVA $USE -jar $APP"
