#!/usr/bin/env bash
# Brings a real non-JVM code base for the benchmark: the published source
# of Kafka clients and of projects built on them, at pinned versions, from
# the registries their ecosystems use:
#   PyPI      sdists (a pure-Python wheel where no sdist is published)
#   npm       package tarballs (`npm pack`)
#   Go proxy  module zips (proxy.golang.org, or $GOPROXY's first entry)
#   crates.io .crate source archives
# Each archive is unpacked into DEST_DIR/<registry>/<name>-<version>/; a
# marker file makes later runs free. Archives that cannot be fetched are
# reported and skipped; the script fails only when none could be.
#
# usage: scripts/bench/fetch-registry.sh DEST_DIR
set -euo pipefail

dest=${1:?usage: fetch-registry.sh DEST_DIR}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
# The marker names the list below: changing a pin refetches.
self_hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
if [[ -f $dest/.complete-$self_hash ]]; then
    exit 0
fi
for tool in curl python3 tar unzip; do
    command -v $tool >/dev/null || { echo "fetch-registry: $tool is required" >&2; exit 1; }
done

# PyPI: project name and the exact file of the release.
pypi=(
    "aiokafka aiokafka-0.14.0.tar.gz"
    "kafka-python kafka_python-3.0.12.tar.gz"
    "confluent-kafka confluent_kafka-2.16.1.tar.gz"
    "faust-streaming faust_streaming-0.15.3.tar.gz"
    "quixstreams quixstreams-3.28.1-py3-none-any.whl"
    "faststream faststream-0.7.8.tar.gz"
    "kombu kombu-5.7.0.tar.gz"
    "apache-airflow-providers-apache-kafka apache_airflow_providers_apache_kafka-2.1.0.tar.gz"
)
# npm: name@version.
npm_pkgs=(
    kafkajs@2.2.4
    node-rdkafka@3.6.1
    @confluentinc/kafka-javascript@1.10.1
    @nestjs/microservices@12.1.1
    kafka-node@5.0.0
    @kafkajs/confluent-schema-registry@4.1.0
    @platformatic/kafka@2.12.1
)
# Go: module path (proxy-escaped: `!x` for an upper-case X) and version.
go_mods=(
    "github.com/!i!b!m/sarama v1.61.1"
    "github.com/twmb/franz-go v1.22.3"
    "github.com/segmentio/kafka-go v0.4.51"
    "github.com/!three!dots!labs/watermill-kafka/v3 v3.1.2"
)
# crates.io: name and version.
crates=(
    "rdkafka 0.38.0"
    "rskafka 0.6.0"
    "kafka 0.10.0"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
got=0

# unpack ARCHIVE DIR: into DIR (created afresh), atomically.
unpack() {
    local archive=$1 dir=$2
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    case $archive in
    *.zip | *.whl) unzip -q -o "$archive" -d "$dir.tmp" ;;
    *) tar -xzf "$archive" -C "$dir.tmp" ;;
    esac
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    got=$((got + 1))
}

pypi_index=${PIP_INDEX_URL:-https://pypi.org/simple}
for line in "${pypi[@]}"; do
    read -r project file <<<"$line"
    out=$dest/pypi/${file%.tar.gz}
    out=${out%.whl}
    if [[ -d $out ]]; then got=$((got + 1)); continue; fi
    # The simple index (PEP 691 JSON) gives the file's URL and digest.
    url=$(curl -fsSL -H 'Accept: application/vnd.pypi.simple.v1+json' "$pypi_index/$project/" |
        python3 -c 'import json, sys
want = sys.argv[1]
for f in json.load(sys.stdin)["files"]:
    if f["filename"] == want:
        print(f["url"].split("#")[0], f["hashes"].get("sha256", ""))
        break' "$file" 2>/dev/null) || url=
    read -r url sha <<<"$url"
    if [[ -z $url ]] || ! curl -fsSL -o "$work/$file" "$url"; then
        echo "fetch-registry: could not fetch $file from PyPI, skipped" >&2
        continue
    fi
    if [[ -n $sha ]] && ! echo "$sha  $work/$file" | sha256sum -c --quiet - >/dev/null 2>&1; then
        echo "fetch-registry: $file does not match its digest, skipped" >&2
        continue
    fi
    mkdir -p "$dest/pypi"
    unpack "$work/$file" "$out"
    echo "fetch-registry: pypi $file" >&2
done

if command -v npm >/dev/null; then
    for spec in "${npm_pkgs[@]}"; do
        out=$dest/npm/$(echo "$spec" | tr '/@' '__' | sed 's/^_//')
        if [[ -d $out ]]; then got=$((got + 1)); continue; fi
        if ! tgz=$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1) || [[ ! -s $work/$tgz ]]; then
            echo "fetch-registry: could not fetch $spec from npm, skipped" >&2
            continue
        fi
        mkdir -p "$dest/npm"
        unpack "$work/$tgz" "$out"
        echo "fetch-registry: npm $spec" >&2
    done
else
    echo "fetch-registry: npm is missing; npm packages skipped" >&2
fi

goproxy=${GOPROXY:-https://proxy.golang.org}
goproxy=${goproxy%%,*}
[[ $goproxy == direct || $goproxy == off ]] && goproxy=https://proxy.golang.org
for line in "${go_mods[@]}"; do
    read -r mod v <<<"$line"
    out=$dest/go/$(echo "$mod" | tr -d '!' | tr '/' '_')-$v
    if [[ -d $out ]]; then got=$((got + 1)); continue; fi
    if ! curl -fsSL -o "$work/mod.zip" "$goproxy/$mod/@v/$v.zip"; then
        echo "fetch-registry: could not fetch $mod@$v from the Go proxy, skipped" >&2
        continue
    fi
    mkdir -p "$dest/go"
    unpack "$work/mod.zip" "$out"
    echo "fetch-registry: go $mod@$v" >&2
done

for line in "${crates[@]}"; do
    read -r name v <<<"$line"
    out=$dest/crates/$name-$v
    if [[ -d $out ]]; then got=$((got + 1)); continue; fi
    if ! curl -fsSL -o "$work/$name.crate" "https://static.crates.io/crates/$name/$name-$v.crate"; then
        echo "fetch-registry: could not fetch $name $v from crates.io, skipped" >&2
        continue
    fi
    mkdir -p "$dest/crates"
    unpack "$work/$name.crate" "$out"
    echo "fetch-registry: crate $name $v" >&2
done

if [[ $got -eq 0 ]]; then
    echo "fetch-registry: nothing could be fetched" >&2
    exit 1
fi
rm -f "$dest"/.complete-*
touch "$dest/.complete-$self_hash"
