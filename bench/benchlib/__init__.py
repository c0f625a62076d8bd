"""The benchmark's parts, used by bench/bench.py; see bench/README.md."""
