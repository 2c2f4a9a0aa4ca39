#!/usr/bin/env bash
# Precision on real code: scan checkouts of public repositories and print what
# a reviewer needs to judge the findings by hand. Not a test; never run in CI.
#
# usage: scripts/real-world.sh [options] DIR...
#
# Each DIR is one checked-out repository (scripts/real-world-fetch.sh builds
# the corpus listed in scripts/real-world-repos.txt; any checkout will do).
# The repository is named by the folder (owner+repo), its group by the parent
# folder (the language, in the corpus layout LANG/OWNER+REPO).
#
# Prints
#   1. per repository: files scanned, test files left out, files skipped,
#      findings, time, status (SLOW / TIMEOUT / CRASH / WARN), counts per rule;
#      then per rule: findings and repositories over the whole run
#   2. a seeded random sample of findings, numbered, each with repository,
#      path:line, rule, message and the code around it (3 lines each side)
#   3. with --verdicts FILE: the hand-judged precision per rule and per
#      repository (right / wrong / noise = true but not worth anyone's time)
#
# options
#   --include-tests     scan test code too (left out by default, as kafkalint does)
#   --sample N          findings in the sample (default 40)
#   --seed S            seed of the sample (default 7); same scan + seed = same sample
#   --rule R            sample only rule R (repeat or comma-separate for several)
#   --per-rule K        sample up to K findings of each rule instead of N overall
#   --verdicts FILE     judged sample: the file --out writes as sample.txt, with
#                       "N right|wrong|noise [note]" lines; its seed, sample,
#                       per-rule, rule and include-tests lines replace the options
#   --out DIR           also write DIR/report.txt, DIR/counts.tsv (repository x
#                       rule), DIR/sample.txt (a verdict form) and DIR/json/*.json
#   --timeout SECS      stop a scan that runs longer (default 300): TIMEOUT
#   --slow SECS         flag a repository whose scan takes longer (default 5): SLOW
#   --find-slow         for a SLOW, TIMEOUT or CRASH repository, scan its parts one
#                       by one, down to the file that is slow or crashes
#   -j N                kafkalint worker threads
#
# Environment: KAFKALINT (or KAFKALINT_BIN) = path of a kafkalint binary, which
# skips the build. Otherwise target/release/kafkalint is used when it is newer
# than the sources, and built (`cargo build --release --no-default-features`:
# scanning needs no librdkafka) when it is not.
#
# Verdicts: a finding is right when a Kafka expert would report it, wrong when
# the claim is false for this code, noise when it is true but not worth anyone's
# time (a demo that says it is one, a setting that cannot matter here).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi

if [[ -n ${CI:-} ]]; then
    echo "real-world: not meant for CI (CI is set); run it by hand" >&2
    exit 0
fi

command -v python3 >/dev/null || { echo "real-world: python3 is required" >&2; exit 1; }

kafkalint=${KAFKALINT:-${KAFKALINT_BIN:-}}
if [[ -z $kafkalint ]]; then
    kafkalint=${CARGO_TARGET_DIR:-$root/target}/release/kafkalint
    stale=
    if [[ ! -x $kafkalint ]]; then
        stale=1
    elif [[ -n $(find "$root/src" "$root/knowledge" "$root/Cargo.toml" "$root/Cargo.lock" \
        -newer "$kafkalint" -print -quit 2>/dev/null) ]]; then
        stale=1
    fi
    if [[ -n $stale ]]; then
        echo "real-world: building kafkalint (release, without the audit feature)" >&2
        (cd "$root" && cargo build --release --quiet --no-default-features --bin kafkalint)
    fi
fi
[[ -x $kafkalint ]] || { echo "real-world: no kafkalint binary at $kafkalint" >&2; exit 1; }

export REAL_WORLD_ROOT=$root
exec python3 "$root/scripts/real-world.py" --kafkalint "$kafkalint" "$@"
