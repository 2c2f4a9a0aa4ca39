#!/usr/bin/env bash
# Clone the real-world corpus (scripts/real-world-repos.txt) from GitHub, each
# repository at its pinned commit, into DEST/GROUP/OWNER+REPO.
#
# usage: scripts/real-world-fetch.sh [--list] [--manifest FILE] DEST [SELECT...]
#
# SELECT is a group (java, python, go, js, kotlin-scala, csharp-rust) or an
# owner/repo; without one, every repository is fetched. A checkout that is
# already at its commit is left as it is, so the script can be run again to
# resume. Each repository is fetched shallow (that one commit only); a line with
# paths is a sparse checkout of those folders, fetched without the other blobs.
# Then:  scripts/real-world.sh DEST/*/*
#
# Needs git and access to github.com. It does not work on a machine without
# that network (such as the sandbox the corpus was first built in, where the
# same trees came from stored snapshots): run it where GitHub is reachable.
#
#   --list           print the selected repositories and exit
#   --manifest FILE  another manifest of the same format
#
# Environment: REAL_WORLD_GIT_BASE replaces https://github.com (a mirror that
# serves OWNER/REPO.git below it).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
manifest=$root/scripts/real-world-repos.txt
list=
args=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --list) list=1; shift ;;
    --manifest) manifest=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "real-world-fetch: unknown option $1" >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
[[ -f $manifest ]] || { echo "real-world-fetch: no manifest at $manifest" >&2; exit 1; }
if [[ -z $list && ${#args[@]} -eq 0 ]]; then
    echo "usage: scripts/real-world-fetch.sh [--list] [--manifest FILE] DEST [SELECT...]" >&2
    exit 2
fi
dest=
if [[ -z $list ]]; then
    dest=${args[0]}
    args=("${args[@]:1}")
fi

selected() { # group repo
    [[ ${#args[@]} -eq 0 ]] && return 0
    local s
    for s in "${args[@]}"; do
        [[ $s == "$1" || $s == "$2" ]] && return 0
    done
    return 1
}

entries=()
while read -r group repo commit _size _files paths _why; do
    [[ -z ${group:-} || $group == \#* ]] && continue
    if [[ ! $repo =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ || ! $commit =~ ^[0-9a-f]{40}$ ]]; then
        echo "real-world-fetch: bad manifest line for ${repo:-?} ($manifest)" >&2
        exit 1
    fi
    selected "$group" "$repo" && entries+=("$group $repo $commit ${paths:--}")
done <"$manifest"
[[ ${#entries[@]} -gt 0 ]] || { echo "real-world-fetch: nothing selected" >&2; exit 1; }

if [[ -n $list ]]; then
    printf '%s\n' "${entries[@]}"
    exit 0
fi

command -v git >/dev/null || { echo "real-world-fetch: git is required" >&2; exit 1; }
mkdir -p "$dest"
failed=()
for e in "${entries[@]}"; do
    read -r group repo commit paths <<<"$e"
    dir=$dest/$group/${repo/\//+}
    if [[ -d $dir/.git ]] && [[ $(git -C "$dir" rev-parse -q --verify HEAD 2>/dev/null) == "$commit" ]]; then
        echo "real-world-fetch: $repo already at ${commit:0:12}"
        continue
    fi
    echo "real-world-fetch: $repo at ${commit:0:12} -> $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! (
        set -e
        cd "$dir"
        git init -q
        git remote add origin "${REAL_WORLD_GIT_BASE:-https://github.com}/$repo.git"
        filter=()
        if [[ $paths != - ]]; then
            IFS=, read -r -a folders <<<"$paths"
            git sparse-checkout set --no-cone "${folders[@]/#//}"
            filter=(--filter=blob:none)
        fi
        git fetch -q --depth 1 "${filter[@]}" origin "$commit"
        git -c advice.detachedHead=false checkout -q FETCH_HEAD
    ); then
        echo "real-world-fetch: $repo failed" >&2
        failed+=("$repo")
        rm -rf "$dir"
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "real-world-fetch: ${#failed[@]} failed: ${failed[*]}" >&2
    exit 1
fi
echo "real-world-fetch: done; scan with: scripts/real-world.sh $dest/*/*"
