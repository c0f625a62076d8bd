"""Settings from the environment, paths, the constants the workloads share, and the progress log.

Settings (environment): BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 3),
BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 1), BENCH_ROUNDS (rounds alternating the servers,
at least; 3), BENCH_MAX_ROUNDS (rounds at most, while a server lacks BENCH_ROUNDS clean runs; 6),
BENCH_QUIET_BUDGET (s the whole run may spend waiting for idle cores before measured runs; 1200),
BENCH_SERVER_CPU (0), BENCH_LOAD_CPU (1), BENCH_SETUPS ("dev,durable,audit,leases"), BENCH_WORKLOADS
(comma-separated names, default all), BENCH_PROFILE (1, the default: perf-profile Coffer in dev mode
under KV v2 read, else KV v1 read; 0: skip; or a workload name), BENCH_REFERENCE_ONLY (1: also
measure the reference on workloads Coffer lacks, the default; 0: skip), BENCH_LEASES (leases stored
on Coffer in the lease-scale part; 1000000), BENCH_REFERENCE_LEASES (on the reference; 73000),
BENCH_DUE_LEASES (leases due in the same second; 100000, at most BENCH_REFERENCE_LEASES on the
reference), BENCH_RESULTS (output file, default bench/RESULTS.md; the raw numbers go to
results.json beside it).
"""

from __future__ import annotations

import base64
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
COFFER = os.environ.get("BENCH_COFFER_BIN", os.path.join(ROOT, ".build-bench", "release", "coffer"))
FLOOR = os.environ.get("BENCH_FLOOR_BIN", os.path.join(ROOT, ".build-bench", "release", "coffer-bench-floor"))
BAO = os.environ.get("BENCH_BAO_BIN", os.path.join(ROOT, ".venv", "bin", "bao"))
LUA = os.path.join(BENCH, "wrk", "request.lua")
SEED_LUA = os.path.join(BENCH, "wrk", "seed.lua")

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
SERVER_CPU = os.environ.get("BENCH_SERVER_CPU", "0")
LOAD_CPU = os.environ.get("BENCH_LOAD_CPU", "1")
SETUPS = [s.strip() for s in os.environ.get("BENCH_SETUPS", "dev,durable,audit,leases").split(",") if s.strip()]
ONLY = [s.strip() for s in os.environ.get("BENCH_WORKLOADS", "").split(",") if s.strip()]
PROFILE = os.environ.get("BENCH_PROFILE", "1")  # "1": KV v2 read, else KV v1 read; "0": none; or a workload name
REFERENCE_ONLY = os.environ.get("BENCH_REFERENCE_ONLY", "1") == "1"
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
MAX_ROUNDS = max(ROUNDS, int(os.environ.get("BENCH_MAX_ROUNDS", "6")))
QUIET_BUDGET = float(os.environ.get("BENCH_QUIET_BUDGET", "1200"))
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(BENCH, "RESULTS.md"))
RESULTS_JSON = os.path.join(os.path.dirname(os.path.abspath(RESULTS)), "results.json")
LEASES = int(os.environ.get("BENCH_LEASES", "1000000"))
REFERENCE_LEASES = int(os.environ.get("BENCH_REFERENCE_LEASES", "73000"))
DUE_LEASES = int(os.environ.get("BENCH_DUE_LEASES", "100000"))

KEYS = 1000  # writes cycle over this many keys
VALUE = "v" * 64  # the secret value written and read (64 bytes)
PLAINTEXT = base64.b64encode(b"p" * 64).decode()


def log(message: str) -> None:
    print(message, flush=True)
