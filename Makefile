# The few shared commands. `make test` is the one CI runs.
.PHONY: build release dev test unit conformance format bench

build:
	swift build

release:
	swift build -c release

dev: build
	.build/debug/coffer server -dev -dev-root-token-id=root

test:
	bash scripts/test.sh

unit:
	swift test

conformance: build
	bash scripts/test.sh --conformance-only

format:
	swift format --in-place --recursive Sources Tests Package.swift

bench:
	bash bench/run.sh
