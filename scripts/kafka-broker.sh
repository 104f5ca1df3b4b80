#!/usr/bin/env bash
# A local single-node Kafka broker (KRaft: broker and controller in one process), without Docker:
# Apache Kafka's own server classes (kafka_2.13, from Maven Central: the version Spring Boot's BOM
# manages, the one the tests' embedded broker runs) on the project's test classpath. For trying
# decisions over Kafka on one machine (README > Decisions over Kafka); not for production.
#
#   scripts/kafka-broker.sh                 # listens on localhost:9092 (KAFKA_PORT), runs in the foreground
#   KAFKA_DATA=/tmp/kafka scripts/kafka-broker.sh   # where the broker keeps its data (default target/kafka-broker)
#   scripts/kafka-broker.sh --fresh         # delete the data first (new cluster, no topics)
#
# Stop it with Ctrl-C (or SIGTERM). Only loopback addresses are used.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}
DATA=${KAFKA_DATA:-target/kafka-broker}
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac # absolute: log.dirs must be (and KAFKA_DATA may already be)
CP_FILE=target/kafka-broker.classpath

if [ "${1:-}" = "--fresh" ]; then
  rm -rf "$DATA"
fi
mkdir -p "$DATA" target
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  echo "kafka-broker: resolving Kafka's server classes with Maven"
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
fi
CP=$(cat "$CP_FILE")

CONFIG=$DATA/server.properties
cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/logs
num.partitions=4
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

# quiet: the broker's INFO lines go nowhere, warnings and errors to the terminal
JAVA_OPTS=(-Xmx512m -Dlogback.configurationFile=scripts/kafka-broker-logback.xml)
if [ ! -f "$DATA/logs/meta.properties" ]; then
  CLUSTER_ID=$(java -cp "$CP" "${JAVA_OPTS[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  echo "kafka-broker: formatting $DATA/logs (cluster $CLUSTER_ID)"
  java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONFIG" >/dev/null
fi
echo "kafka-broker: listening on localhost:$PORT (data in $DATA); Ctrl-C stops it"
exec java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$CONFIG"
