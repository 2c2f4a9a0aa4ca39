#!/usr/bin/env bash
# Brings a large real code base for the benchmark: the -sources.jar
# artifacts of Apache Kafka's modules and of well-known Kafka users, fetched
# with Maven from Maven Central into a cache and unpacked.
#
# usage: scripts/bench/fetch-real.sh DEST_DIR
# DEST_DIR/<artifact>/ receives the unpacked sources; a marker file makes
# later runs free. Artifacts that cannot be fetched are reported and skipped.
set -euo pipefail

dest=${1:?usage: fetch-real.sh DEST_DIR}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if [[ -f $dest/.complete ]]; then
    exit 0
fi
command -v mvn >/dev/null || { echo "fetch-real: mvn is required (apt-get install -y maven)" >&2; exit 1; }
command -v unzip >/dev/null || { echo "fetch-real: unzip is required (apt-get install -y unzip)" >&2; exit 1; }

jars=$dest/.jars
mkdir -p "$jars"

# group:artifact followed by the versions to try, newest first.
artifacts=(
    "org.apache.kafka:kafka-clients 4.3.1 4.2.1"
    "org.apache.kafka:kafka_2.13 4.3.1 4.2.1"
    "org.apache.kafka:kafka-streams 4.3.1 4.2.1"
    "org.apache.kafka:connect-runtime 4.3.1 4.2.1"
    "org.apache.kafka:kafka-server 4.3.1 4.2.1"
    "org.apache.kafka:kafka-metadata 4.3.1 4.2.1"
    "org.apache.kafka:kafka-raft 4.3.1 4.2.1"
    "org.apache.kafka:kafka-storage 4.3.1 4.2.1"
    "org.apache.kafka:kafka-group-coordinator 4.3.1 4.2.1"
    "org.apache.kafka:kafka-tools 4.3.1 4.2.1"
    "org.springframework.kafka:spring-kafka 4.1.2 4.1.1"
    "org.springframework.integration:spring-integration-kafka 7.1.2 7.0.7"
    "org.springframework.cloud:spring-cloud-stream-binder-kafka-core 5.0.4 4.3.1"
    "org.apache.camel:camel-kafka 4.22.0 4.18.5"
    "org.apache.flink:flink-connector-kafka 4.0.1-2.0 3.4.0-1.20"
    "io.vertx:vertx-kafka-client 5.0.7 5.0.5"
    "io.micronaut.kafka:micronaut-kafka 5.9.0 5.7.1"
    "io.quarkus:quarkus-kafka-client 3.33.2 3.34.1"
    "org.apache.spark:spark-streaming-kafka-0-10_2.13 4.2.0 3.5.1"
    "org.testcontainers:kafka 1.21.4 1.21.3"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
got=0
for line in "${artifacts[@]}"; do
    read -r ga versions <<<"$line"
    name=${ga#*:}
    if [[ -d $dest/$name ]]; then
        got=$((got + 1))
        continue
    fi
    ok=
    for v in $versions; do
        jar=$jars/$name-$v-sources.jar
        if [[ ! -s $jar ]]; then
            if ! (cd "$work" && mvn -B -q -U dependency:copy \
                -Dartifact="$ga:$v:jar:sources" -DoutputDirectory="$jars" \
                -Dmdep.overWriteReleases=true >"$work/mvn.log" 2>&1); then
                continue
            fi
        fi
        if [[ -s $jar ]]; then
            rm -rf "$dest/$name.tmp"
            mkdir -p "$dest/$name.tmp"
            unzip -q -o "$jar" -d "$dest/$name.tmp"
            rm -rf "$dest/$name.tmp/META-INF"
            mv "$dest/$name.tmp" "$dest/$name"
            echo "fetch-real: $ga:$v" >&2
            ok=1
            got=$((got + 1))
            break
        fi
    done
    [[ -n $ok ]] || echo "fetch-real: could not fetch $ga (tried: $versions), skipped" >&2
done
if [[ $got -eq 0 ]]; then
    echo "fetch-real: no artifact could be fetched" >&2
    exit 1
fi
touch "$dest/.complete"
