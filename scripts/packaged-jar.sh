#!/usr/bin/env bash
# Prints the path of the packaged jar (target/licensing-decisions-*.jar), building it first with
# `mvn -B -DskipTests package` when there is none. The bench scripts and scripts/aot-cache.sh use it:
#   JAR=${JAR:-$(scripts/packaged-jar.sh NAME)}     # NAME prefixes the "building" line on stderr
set -euo pipefail
cd "$(dirname "$0")/.."
find_jar() { ls target/licensing-decisions-*.jar 2>/dev/null | grep -v original | head -1 || true; }
jar=$(find_jar)
if [ -z "$jar" ]; then
  echo "${1:-jar}: building the jar" >&2
  mvn -q -B -DskipTests package >&2
  jar=$(find_jar)
fi
[ -n "$jar" ] || { echo "${1:-jar}: no jar in target/ after the build" >&2; exit 1; }
echo "$jar"
