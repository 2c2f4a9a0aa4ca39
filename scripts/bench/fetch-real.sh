#!/usr/bin/env bash
# Brings a large real code base for the benchmark: the -sources.jar
# artifacts of Apache Kafka's modules and of well-known Kafka users, fetched
# with Maven from Maven Central into a cache and unpacked.
#
# usage: scripts/bench/fetch-real.sh DEST_DIR
# DEST_DIR/<artifact>/ receives the unpacked sources; a marker file makes
# later runs free. Artifacts that cannot be fetched are reported and skipped.
#
# With KAFKALINT_BENCH_KAFKA_SRC set, DEST_DIR receives instead the Apache
# Kafka source tree at the pinned commit below (KAFKALINT_BENCH_KAFKA_COMMIT
# overrides it), from a local clone or bare git directory holding that
# commit, or from a tarball or directory of that tree. GitHub is not
# assumed reachable; `git clone --bare https://github.com/apache/kafka`
# once gives such a directory. DEST_DIR/.source says which tree it holds.
set -euo pipefail

dest=${1:?usage: fetch-real.sh DEST_DIR}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
kafka_commit=${KAFKALINT_BENCH_KAFKA_COMMIT:-1eb7644349cb07139d6a3c1ad1986979647cac99}
if [[ -n ${KAFKALINT_BENCH_KAFKA_SRC:-} ]]; then
    src=$KAFKALINT_BENCH_KAFKA_SRC
    want="apache/kafka@${kafka_commit:0:12}"
    if [[ -f $dest/.complete && $(cat "$dest/.source" 2>/dev/null) == "$want" ]]; then
        exit 0
    fi
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    if git --git-dir="$src" cat-file -e "$kafka_commit^{commit}" 2>/dev/null ||
        git --git-dir="$src/.git" cat-file -e "$kafka_commit^{commit}" 2>/dev/null; then
        gd=$src
        [[ -d $src/.git ]] && gd=$src/.git
        git --git-dir="$gd" archive "$kafka_commit" | tar -x -C "$dest.tmp"
    elif [[ -f $src ]]; then
        tar -xzf "$src" -C "$dest.tmp" --strip-components=1
        want="apache/kafka (tarball $(basename "$src"))"
    elif [[ -d $src ]]; then
        cp -r "$src"/. "$dest.tmp"/
        rm -rf "$dest.tmp/.git"
        want="apache/kafka (directory $src)"
    else
        echo "fetch-real: $src holds no commit $kafka_commit, and is no tarball or directory" >&2
        rm -rf "$dest.tmp"
        exit 1
    fi
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
    echo "$want" >"$dest/.source"
    touch "$dest/.complete"
    echo "fetch-real: $want" >&2
    exit 0
fi
if [[ -f $dest/.complete && $(cat "$dest/.source" 2>/dev/null) == maven* ]]; then
    exit 0
fi
# A Kafka source tree fetched before: replace it.
if [[ -f $dest/.source && $(cat "$dest/.source") != maven* ]]; then
    rm -rf "$dest"
    mkdir -p "$dest"
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
echo "maven sources" >"$dest/.source"
touch "$dest/.complete"
