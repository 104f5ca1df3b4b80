#!/usr/bin/env bash
# CPU time per decision and per read, this tree against an older commit, both measured at the
# same time in two JVMs (bench/CpuTimePerDecision.java compiled against each), so that the load
# of the machine weighs on both alike. Thread CPU time, not wall time: on a shared machine the
# JMH benchmark's wall times move with the load, these far less.
#   bench/cpu-ab.sh 9956946            # 60 rounds
#   bench/cpu-ab.sh 9956946 20
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/cpu-ab.sh COMMIT [ROUNDS]}
ROUNDS=${2:-60}
TMP=$(mktemp -d)
WT="$TMP/base"
git worktree add --detach "$WT" "$BASE" >/dev/null
trap 'git worktree remove --force "$WT"; rm -rf "$TMP"' EXIT

echo "cpu-ab: building this tree and $BASE"
mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
(cd "$WT" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
javac -nowarn -d "$TMP/this" -cp "target/classes:$(cat target/cp.txt)" bench/CpuTimePerDecision.java
javac -nowarn -d "$TMP/other" -cp "$WT/target/classes:$(cat "$WT/target/cp.txt")" bench/CpuTimePerDecision.java

echo "cpu-ab: $ROUNDS rounds each, both at once (load: $(cut -d' ' -f1-3 /proc/loadavg))"
(cd "$WT" && java -cp "$TMP/other:target/classes:$(cat target/cp.txt)" CpuTimePerDecision rules "$ROUNDS" \
    bench/small.json bench/typical.json 2>/dev/null | sed "s/^rules/$BASE/") > "$TMP/base.txt" &
java -cp "$TMP/this:target/classes:$(cat target/cp.txt)" CpuTimePerDecision rules "$ROUNDS" \
    bench/small.json bench/typical.json 2>/dev/null | sed "s/^rules/this tree/" > "$TMP/this.txt" &
wait
grep -h 'decide' "$TMP/base.txt" "$TMP/this.txt"
echo "cpu-ab: load afterwards: $(cut -d' ' -f1-3 /proc/loadavg)"
