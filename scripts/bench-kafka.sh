# Sourced (not run) by the benches that need a Kafka broker (bench/kafka.sh, bench/fleet-redecide.sh):
# a fresh single-node broker started and waited for, the `kafka` command line, and the count of
# decisions an instance published over Kafka. The sourcing bench sets, before calling them:
#   JAR          the packaged jar (scripts/packaged-jar.sh): its `kafka` commands
#   SERVERS      the broker's bootstrap servers, localhost:$KAFKA_PORT
#   KAFKA_PORT   the broker's port (its controller listens on the next one)
#   PARTITIONS   the partitions of each topic `kafka create-topics` creates
#   WORK         the run's temporary directory: the broker keeps its data in $WORK/kafka
#   PIDS         an array the bench's cleanup stops on exit: the broker's process is appended to it
# and runs from the project directory (scripts/kafka-broker.sh, target/).

# the jar's `kafka` commands (create-topics, produce, read, check) against $SERVERS
kafka() { java -jar "$JAR" kafka "$@" --bootstrap-servers "$SERVERS"; }

# start_kafka_broker NAME LOG: starts scripts/kafka-broker.sh --fresh in the background (output to
# LOG; its pid appended to PIDS and kept in BROKER_PID) and retries `kafka create-topics` (the
# facts, decisions and dead-letter topics, PARTITIONS each) once a second until the broker answers.
# Exits the bench (1) when KAFKA_PORT or the next port (the controller's) already answers, when the
# broker process stopped, or after 120 tries; NAME prefixes the messages.
start_kafka_broker() {
  local name=$1 log=$2 i port
  for port in "$KAFKA_PORT" $((KAFKA_PORT + 1)); do # the broker's and its controller's: else our clients may talk to another
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$name: port $port is taken (another broker?); choose another KAFKA_PORT" >&2
      exit 1
    fi
  done
  echo "$name: starting a broker on $SERVERS"
  KAFKA_PORT=$KAFKA_PORT KAFKA_DATA=$WORK/kafka scripts/kafka-broker.sh --fresh > "$log" 2>&1 &
  BROKER_PID=$!
  PIDS+=("$BROKER_PID")
  for i in $(seq 1 120); do
    kafka create-topics --partitions "$PARTITIONS" > "$WORK/topics.txt" 2>&1 && return 0
    kill -0 "$BROKER_PID" 2>/dev/null || { echo "$name: the broker stopped; see $log" >&2; exit 1; }
    [ "$i" = 120 ] && { cat "$WORK/topics.txt"; echo "$name: no broker after 120 tries" >&2; exit 1; }
    sleep 1
  done
}

# decided_over_kafka PORT...: the reports the instances on these HTTP ports (127.0.0.1) published
# over Kafka, summed (decisions_kafka_records_decided_total of /actuator/prometheus; 0 for an
# instance that has none yet). An instance that does not answer counts 0 and the function fails
# with curl's status (under set -e, `d=$(decided_over_kafka ...)` stops the bench; inside a test
# such as `until [ "$(decided_over_kafka ...)" -ge N ]` it does not)
decided_over_kafka() {
  local sum=0 port n status=0
  for port in "$@"; do
    n=$(curl -s "http://127.0.0.1:$port/actuator/prometheus" \
      | awk '/^decisions_kafka_records_decided_total/ {printf "%d", $2; found = 1} END {if (!found) print 0}') \
      || status=$?
    sum=$((sum + n))
  done
  echo "$sum"
  return "$status"
}
