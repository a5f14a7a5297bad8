#!/usr/bin/env bash
# Runs bench suites on two builds, alternating, so that "within 10% of the old rate" is
# read from one sitting on one machine rather than from figures taken on other days.
#   bash scripts/bench-against.sh OLD_REV NEW_REV ROUNDS SUITE [SUITE ...]
# Each revision is checked out into a detached worktree under $BENCH_AGAINST_DIR
# (default /tmp/writ-bench-against), given this checkout's node_modules (hard links) and
# built with scripts/dist.js; NEW_REV may be `.` for this checkout as it stands. Each
# build gets its own TMPDIR, so a suite's cached inputs (the verify suite's export) are
# made by that build, in its own format. The suites' own knobs (WRIT_BENCH_EVENTS,
# WRIT_BENCH_SECONDS ...) pass through the environment. Output: one file per build and
# round in the work directory, and every row on stdout with its build named.
# BENCH_AGAINST_OLD_PATCH=FILE applies a patch to OLD_REV's worktree before it is built:
# with OLD_REV = NEW_REV and scripts/bench-without-state-map.patch, the same build with
# and without the state map (docs/evidence-bundle.md).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 OLD_REV NEW_REV ROUNDS SUITE [SUITE ...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
old=$1 new=$2 rounds=$3
shift 3
work=${BENCH_AGAINST_DIR:-/tmp/writ-bench-against}
mkdir -p "$work"

checkout() { # rev [patch] -> directory holding its build
  local rev=$1 patch=${2:-}
  if [ "$rev" = . ]; then echo "$here"; return; fi
  local sha dir
  sha=$(git -C "$here" rev-parse --short "$rev")
  dir="$work/$sha${patch:+-$(basename "$patch" .patch)}"
  if [ ! -d "$dir" ]; then
    git -C "$here" worktree add --detach "$dir" "$sha" >&2
    cp -al "$here/node_modules" "$dir/node_modules"
    if [ -n "$patch" ]; then git -C "$dir" apply "$(cd "$(dirname "$patch")" && pwd)/$(basename "$patch")" >&2; fi
  fi
  (cd "$dir" && node scripts/dist.js >&2)
  echo "$dir"
}

old_dir=$(checkout "$old" "${BENCH_AGAINST_OLD_PATCH:-}")
new_dir=$(checkout "$new")
[ "$new" != . ] || (cd "$here" && node scripts/dist.js >&2)
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    dir=$old_dir; [ $side = new ] && dir=$new_dir
    mkdir -p "$work/tmp-$side"
    out="$work/$side-round$round.md"
    (cd "$dir" && TMPDIR="$work/tmp-$side" node dist/bench/run.js "$@" >"$out")
    echo "## $side ($( [ $side = old ] && echo "$old${BENCH_AGAINST_OLD_PATCH:+ + $(basename "${BENCH_AGAINST_OLD_PATCH}")}" || echo "$new" )), round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    grep '^|' "$out" | grep -v -e '^| figure' -e '^| ---'
  done
done
