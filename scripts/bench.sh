#!/usr/bin/env bash
# Benchmark: kafkalint against the seed grep script and ripgrep, side by side
# in one run on the same trees. Not a test; never run in CI.
#
# usage: scripts/bench.sh [--runs N] [--scales "1 2 4 8"] [--files N]
#                         [--skip-real] [--skip-mono] [--skip-registry]
#                         [--threads N]
#
# Trees (cached under .bench/, which git ignores):
#   kafka    the Apache Kafka source tree at a pinned commit, when
#            KAFKALINT_BENCH_KAFKA_SRC names a git directory (or tarball)
#            holding it; otherwise
#   real     the unpacked -sources.jar of Apache Kafka's modules and of Kafka
#            users from Maven Central (scripts/bench/fetch-real.sh)
#   registry a non-JVM tree: Kafka clients and their users in Python, JS/TS,
#            Go and Rust at pinned versions from PyPI, npm, the Go proxy and
#            crates.io (scripts/bench/fetch-registry.sh)
#   mono-Nx  N copies of a generated, seeded monorepo of 10,000+ files in
#            every supported language (scripts/bench/gen-monorepo.py)
#
# For each tree and tool: wall time (median of --runs rounds after one
# warm-up round; the tools take turns within each round, so a change of
# load weighs on all of them alike), files/s and MB/s over the files a
# git-aware walk sees, and
# peak RSS (GNU time); kafkalint cold (--no-cache) and warm (its result
# cache filled, nothing changed). Then the ratios against the targets:
# cold <= 0.5x the seed script and <= 2x `rg -l` for the same vocabulary,
# warm <= 1.2x `rg -l`, peak RSS < 100 MB, and linear growth with tree size.
#
# Environment: KAFKALINT_BIN=/path/to/kafkalint skips the release build;
# KAFKALINT_BASE_BIN=/path/to/other/kafkalint adds its cold run as the tool
# "base" (a before/after comparison under the same load);
# SEED_SCANNER=/path/to/seed-scanner.sh overrides ../shared/seed-scanner.sh;
# KAFKALINT_BENCH_DIR overrides the cache directory (.bench/).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${KAFKALINT_BENCH_DIR:-$root/.bench}
runs=5
scales="1 2 4 8"
gen_files=12000
do_real=1
do_mono=1
do_registry=1
threads=

while [[ $# -gt 0 ]]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --scales) scales=$2; shift 2 ;;
    --files) gen_files=$2; shift 2 ;;
    --skip-real) do_real=; shift ;;
    --skip-mono) do_mono=; shift ;;
    --skip-registry) do_registry=; shift ;;
    --threads) threads=$2; shift 2 ;;
    -h | --help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
    esac
done

if [[ -n ${CI:-} ]]; then
    echo "bench: not meant for CI (CI is set); run it by hand" >&2
    exit 0
fi

# ---- tools -----------------------------------------------------------------
seed=${SEED_SCANNER:-$root/../shared/seed-scanner.sh}
if [[ ! -f $seed ]]; then
    echo "bench: the seed grep script is missing: expected $seed" >&2
    echo "bench: (shared/ sits beside the clone; or set SEED_SCANNER=/path/to/seed-scanner.sh)" >&2
    exit 1
fi
seed=$(cd "$(dirname "$seed")" && pwd)/$(basename "$seed")

need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
[[ -x /usr/bin/time ]] || need_apt+=(time)
command -v unzip >/dev/null || need_apt+=(unzip)
command -v mvn >/dev/null || need_apt+=(maven)
if [[ ${#need_apt[@]} -gt 0 ]]; then
    echo "bench: installing ${need_apt[*]}" >&2
    if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq >&2 && apt-get install -y -qq "${need_apt[@]}" >&2
    elif [[ " ${need_apt[*]} " == *" ripgrep "* ]] && command -v cargo >/dev/null; then
        cargo install ripgrep >&2
    fi
fi
command -v rg >/dev/null || { echo "bench: ripgrep (rg) is required" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time (/usr/bin/time) is required" >&2; exit 1; }

if [[ -n ${KAFKALINT_BIN:-} ]]; then
    kafkalint=$KAFKALINT_BIN
else
    echo "bench: building kafkalint (release)" >&2
    (cd "$root" && cargo build --release --quiet --bin kafkalint)
    kafkalint=${CARGO_TARGET_DIR:-$root/target}/release/kafkalint
fi

# The prefilter's vocabulary, read from the source so rg searches exactly it.
vocab=()
while IFS= read -r w; do vocab+=("$w"); done < <(
    sed -n '/^pub const VOCABULARY/,/^];/p' "$root/src/prefilter.rs" |
        grep -o '"[^"]*"' | tr -d '"'
)
[[ ${#vocab[@]} -gt 0 ]] || { echo "bench: cannot read VOCABULARY from src/prefilter.rs" >&2; exit 1; }
rg_args=(-l -F)
for w in "${vocab[@]}"; do rg_args+=(-e "$w"); done

# ---- trees -----------------------------------------------------------------
mkdir -p "$cache"
trees=()
if [[ -n $do_real ]]; then
    if [[ -n ${KAFKALINT_BENCH_KAFKA_SRC:-} ]] && "$root/scripts/bench/fetch-real.sh" "$cache/kafka"; then
        trees+=("kafka:$cache/kafka")
        echo "bench: kafka = $(cat "$cache/kafka/.source")" >&2
    elif "$root/scripts/bench/fetch-real.sh" "$cache/real"; then
        trees+=("real:$cache/real")
    else
        echo "bench: the real tree could not be fetched; skipping it" >&2
    fi
fi
if [[ -n $do_registry ]]; then
    if "$root/scripts/bench/fetch-registry.sh" "$cache/registry"; then
        trees+=("registry:$cache/registry")
    else
        echo "bench: the registry tree could not be fetched; skipping it" >&2
    fi
fi
if [[ -n $do_mono ]]; then
    base=$cache/mono/base
    python3 "$root/scripts/bench/gen-monorepo.py" "$base" --files "$gen_files" --seed 4
    for n in $scales; do
        dir=$cache/mono/x$n
        marker=$dir/.done-$gen_files-$(stat -c %Y "$base"/.done-*)
        if [[ ! -f $marker ]]; then
            rm -rf "$dir"
            mkdir -p "$dir"
            for ((k = 0; k < n; k++)); do cp -r "$base/copy-0" "$dir/copy-$k"; done
            touch "$marker"
        fi
        trees+=("mono-${n}x:$dir")
    done
fi

# ---- measuring -------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_one DIR CMD...: runs CMD in DIR with stdout/stderr to files (never to
# /dev/null: GNU grep stops at the first match when its output is /dev/null),
# prints "<wall µs> <peak RSS KiB> <CPU µs (user + system)>".
run_one() {
    local dir=$1
    shift
    local t0 t1
    t0=$(date +%s%N)
    (cd "$dir" && /usr/bin/time -f '%M %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err") || true
    t1=$(date +%s%N)
    tail -n 1 "$tmp/time" | awk -v w="$(((t1 - t0) / 1000))" '{printf "%d %d %d\n", w, $1, ($2 + $3) * 1e6}'
}

# median N...: the median of its arguments.
median() {
    printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

jflag=()
[[ -n $threads ]] && jflag=(-j "$threads")
# kafkalint twice: cold (--no-cache, every file parsed) and warm (the result
# cache filled by the warm-up run, nothing changed since).
tools=(kafkalint kafkalint-warm seed rg)
[[ -n ${KAFKALINT_BASE_BIN:-} ]] && tools+=(base)

echo
printf 'kafkalint bench: median of %s rounds (every tool in turn) after one warm-up, %s cores, %s\n' \
    "$runs" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf 'rg vocabulary (%d words, from src/prefilter.rs): %s\n\n' "${#vocab[@]}" "${vocab[*]}"
echo '| tree | files | MB | tool | wall s | CPU s | files/s | MB/s | peak RSS MB |'
echo '|---|---:|---:|---|---:|---:|---:|---:|---:|'

declare -A wall rss
notes=()
for entry in "${trees[@]}"; do
    name=${entry%%:*}
    dir=${entry#*:}
    # The files a git-aware walk sees, and their bytes: the same unit of
    # work for every tool.
    (cd "$dir" && rg --files . >"$tmp/files")
    nfiles=$(wc -l <"$tmp/files")
    bytes=$(cd "$dir" && tr '\n' '\0' <"$tmp/files" | xargs -0 stat -c %s | awk '{s += $1} END {print s + 0}')
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
    # Each tool once as a warm-up (kafkalint-warm's fills its cache), then
    # $runs rounds of every tool in turn: a change of load on the machine
    # then weighs on every tool alike, not on whichever ran at the time.
    rm -rf "$dir/.kafkalint_cache"
    declare -A walls=() cpus=() peak=()
    for ((i = -1; i < runs; i++)); do
        for tool in "${tools[@]}"; do
            case $tool in
            kafkalint) cmd=("$kafkalint" scan "${jflag[@]}" --no-cache --format json -o /dev/null .) ;;
            kafkalint-warm) cmd=("$kafkalint" scan "${jflag[@]}" --format json -o /dev/null .) ;;
            base) cmd=("$KAFKALINT_BASE_BIN" scan "${jflag[@]}" --no-cache --format json -o /dev/null .) ;;
            seed) cmd=(bash "$seed") ;;
            rg) cmd=(rg "${rg_args[@]}" .) ;;
            esac
            read -r w m c < <(run_one "$dir" "${cmd[@]}")
            ((i < 0)) && continue
            walls[$tool]+="$w "
            cpus[$tool]+="$c "
            ((m > ${peak[$tool]:-0})) && peak[$tool]=$m
        done
    done
    for tool in "${tools[@]}"; do
        # shellcheck disable=SC2086 # the lists are words on purpose
        t=$(median ${walls[$tool]})
        # shellcheck disable=SC2086
        c=$(median ${cpus[$tool]})
        m=${peak[$tool]}
        wall[$name,$tool]=$t
        rss[$name,$tool]=$m
        awk -v tree="$name" -v n="$nfiles" -v mb="$mb" -v tool="$tool" -v us="$t" -v kb="$m" -v cpu="$c" 'BEGIN {
            s = us / 1e6
            printf "| %s | %d | %.1f | %s | %.3f | %.3f | %.0f | %.1f | %.1f |\n", tree, n, mb, tool, s, cpu / 1e6, n / s, mb / s, kb / 1024
        }'
    done
    # What kafkalint found there, as a sanity check of the work done.
    (cd "$dir" && "$kafkalint" scan "${jflag[@]}" --format json -o "$tmp/report.json" . >/dev/null 2>&1) || true
    notes+=("$name: $(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print("kafkalint analysed %d files, skipped %d, reported %d findings" % (s["files_scanned"], s["files_skipped"], s["findings"]))' "$tmp/report.json" 2>/dev/null || echo 'no JSON report')")
    # The tree's mix of source languages (files), since each front-end
    # parses at its own speed.
    notes+=("$name: $(sed -n 's/.*\.\([A-Za-z0-9]*\)$/\1/p' "$tmp/files" | awk -v all="$nfiles" '
        { c[$1]++ }
        END {
            n = split("java kt scala go py js ts tsx cs rs", ext, " ")
            out = ""
            for (i = 1; i <= n; i++) if (c[ext[i]]) out = out sprintf("%s %d, ", ext[i], c[ext[i]])
            printf "source files: %sof %d files", out, all
        }')")
done
echo
printf '%s\n' "${notes[@]}"

echo
echo "Targets, as ratios within this run:"
echo
echo '| tree | cold / seed (<= 0.5) | cold / rg -l (<= 2.0) | warm / rg -l (<= 1.2) | peak RSS (< 100 MB) |'
echo '|---|---:|---:|---:|---:|'
for entry in "${trees[@]}"; do
    name=${entry%%:*}
    awk -v tree="$name" -v k="${wall[$name,kafkalint]}" -v w="${wall[$name,kafkalint-warm]}" \
        -v s="${wall[$name,seed]}" -v r="${wall[$name,rg]}" \
        -v m="${rss[$name,kafkalint]}" -v m2="${rss[$name,kafkalint-warm]}" 'BEGIN {
        a = k / s; b = k / r; c = w / r; mb = (m > m2 ? m : m2) / 1024
        printf "| %s | %.2fx %s | %.2fx %s | %.2fx %s | %.1f MB %s |\n", tree,
            a, (a <= 0.5 ? "ok" : "MISS"), b, (b <= 2.0 ? "ok" : "MISS"),
            c, (c <= 1.2 ? "ok" : "MISS"), mb, (mb < 100 ? "ok" : "MISS")
    }'
done

if [[ -n $do_mono ]]; then
    first=${scales%% *}
    echo
    echo "Growth with tree size (wall time relative to mono-${first}x; linear growth = the size factor):"
    echo
    printf '| tree | size factor |'
    for tool in "${tools[@]}"; do printf ' %s |' "$tool"; done
    printf ' kafkalint peak RSS MB |\n|---|---:|'
    for tool in "${tools[@]}"; do printf -- '---:|'; done
    printf -- '---:|\n'
    for n in $scales; do
        printf '| mono-%sx | %s |' "$n" "$(awk -v n="$n" -v f="$first" 'BEGIN {printf "%.1f", n / f}')"
        for tool in "${tools[@]}"; do
            awk -v t="${wall[mono-${n}x,$tool]}" -v b="${wall[mono-${first}x,$tool]}" \
                'BEGIN {printf " %.2fx |", t / b}'
        done
        awk -v m="${rss[mono-${n}x,kafkalint]}" 'BEGIN {printf " %.1f |\n", m / 1024}'
    done
fi
