#!/usr/bin/env bash
# Starts a single-node Apache Kafka 4.x broker (KRaft, broker+controller) on
# 127.0.0.1 for kafkalint's audit integration tests.
#
# The broker jars come from Maven Central through Maven and are cached in
# ${KAFKALINT_CACHE:-~/.cache/kafkalint}/kafka-<version>/, so a second start
# takes seconds. Storage and logs live in a fresh temporary directory.
#
# The last line of stdout is the bootstrap address (127.0.0.1:PORT).
# scripts/kafka-down.sh stops the broker (PID file in the state directory).
#
# Environment:
#   KAFKA_VERSION      broker version (default 4.1.1)
#   KAFKALINT_CACHE    jar cache root (default ~/.cache/kafkalint)
#   KAFKALINT_KAFKA_STATE  state file directory (default /tmp/kafkalint-kafka)
#   KAFKA_UP_TIMEOUT   seconds to wait for the broker (default 120)
#
# Besides the PLAINTEXT listener it opens a SASL_PLAINTEXT/PLAIN listener
# whose address is written to $KAFKALINT_KAFKA_STATE/bootstrap-sasl.
set -euo pipefail

VERSION="${KAFKA_VERSION:-4.1.1}"
CACHE_ROOT="${KAFKALINT_CACHE:-$HOME/.cache/kafkalint}"
# The suffix changes whenever the dependency list below changes.
JARS="$CACHE_ROOT/kafka-$VERSION-r2"
STATE="${KAFKALINT_KAFKA_STATE:-/tmp/kafkalint-kafka}"
WAIT="${KAFKA_UP_TIMEOUT:-120}"

log() { echo "kafka-up: $*" >&2; }

command -v java >/dev/null || { log "java not found (Kafka $VERSION needs Java 17+)"; exit 1; }

# 1. Jars: resolve kafka_2.13 and its runtime dependencies once.
if [ ! -f "$JARS/.complete" ]; then
  command -v mvn >/dev/null || { log "mvn not found"; exit 1; }
  log "fetching Apache Kafka $VERSION jars with Maven into $JARS"
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafkalint.test</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-api</artifactId>
      <version>2.0.17</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j2-impl</artifactId>
      <version>2.24.3</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>2.24.3</version>
    </dependency>
  </dependencies>
</project>
POM
  rm -rf "$JARS.tmp"
  mkdir -p "$JARS.tmp"
  if ! mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$JARS.tmp" >"$work/mvn.log" 2>&1; then
    tail -30 "$work/mvn.log" >&2
    log "Maven could not fetch kafka_2.13:$VERSION"
    exit 1
  fi
  rm -rf "$JARS"
  mv "$JARS.tmp" "$JARS"
  touch "$JARS/.complete"
  rm -rf "$work"
fi

# 2. A previous broker from this script is stopped first.
if [ -f "$STATE/kafka.pid" ]; then
  "$(dirname "$0")/kafka-down.sh" >&2 || true
fi
mkdir -p "$STATE"

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}
PORT="$(free_port)"
CPORT="$(free_port)"
while [ "$CPORT" = "$PORT" ]; do CPORT="$(free_port)"; done
SPORT="$(free_port)"
while [ "$SPORT" = "$PORT" ] || [ "$SPORT" = "$CPORT" ]; do SPORT="$(free_port)"; done

DIR="$(mktemp -d /tmp/kafkalint-kafka-run.XXXXXX)"
mkdir -p "$DIR/data" "$DIR/logs"
cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT,SASL_PLAINTEXT://127.0.0.1:$SPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_PLAINTEXT://127.0.0.1:$SPORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# SASL/PLAIN listener for the authentication tests: user "kafkalint" may do
# everything, user "nobody" has no ACL at all. PLAINTEXT clients are ANONYMOUS.
# User "kafkalint-scram" logs in with SCRAM-SHA-256 (credential added at format).
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_kafkalint="kafkalint-secret" user_nobody="nobody-secret";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS;User:kafkalint;User:kafkalint-scram
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=16777216
PROPS
cat >"$DIR/log4j2.yaml" <<'LOG'
Configuration:
  Appenders:
    File:
      name: file
      fileName: "${sys:kafka.logs.dir}/server.log"
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: file
LOG

CP="$JARS/*"
JOPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
  "-Dkafka.logs.dir=$DIR/logs" "-Dlog4j2.configurationFile=$DIR/log4j2.yaml")

# A cluster id is 16 random bytes in URL-safe base64 without padding.
CLUSTER_ID="$(python3 -c 'import base64,uuid;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))' 2>/dev/null \
  || java "${JOPTS[@]}" -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
if ! java "${JOPTS[@]}" -XX:TieredStopAtLevel=1 -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" \
    -c "$DIR/server.properties" \
    --add-scram 'SCRAM-SHA-256=[name=kafkalint-scram,password=scram-secret]' >"$DIR/logs/format.log" 2>&1; then
  cat "$DIR/logs/format.log" >&2
  log "formatting the storage directory failed"
  exit 1
fi

nohup java "${JOPTS[@]}" -cp "$CP" kafka.Kafka "$DIR/server.properties" \
  >"$DIR/logs/stdout.log" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$STATE/kafka.pid"
echo "$DIR" >"$STATE/kafka.dir"
echo "127.0.0.1:$PORT" >"$STATE/bootstrap"
echo "127.0.0.1:$SPORT" >"$STATE/bootstrap-sasl"

# 3. Wait until the broker has started and listens.
deadline=$((SECONDS + WAIT))
until grep -q "Kafka Server started" "$DIR/logs/server.log" 2>/dev/null \
    && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
  if ! kill -0 "$PID" 2>/dev/null; then
    tail -40 "$DIR/logs/stdout.log" "$DIR/logs/server.log" >&2 2>/dev/null || true
    log "the broker exited during start-up (logs in $DIR/logs)"
    rm -f "$STATE/kafka.pid"
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "the broker did not answer within ${WAIT}s (logs in $DIR/logs)"
    kill "$PID" 2>/dev/null || true
    rm -f "$STATE/kafka.pid"
    exit 1
  fi
  sleep 0.5
done
log "Apache Kafka $VERSION up (pid $PID, logs in $DIR/logs)"
log "SASL/PLAIN listener: 127.0.0.1:$SPORT (PLAIN users kafkalint/kafkalint-secret, nobody/nobody-secret; SCRAM-SHA-256 user kafkalint-scram/scram-secret)"
echo "127.0.0.1:$PORT"
