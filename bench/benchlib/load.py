"""Load from wrk: one run and its numbers (bench/wrk/request.lua builds the requests), and the
measurement of a workload on a server: a warm-up, then measured runs until enough were clean."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time

from .cores import busy_share, core_times, wait_quiet
from .servers import Server
from .settings import (BENCH, CONNECTIONS, DURATION, LOAD_CPU, LUA, MAX_ATTEMPTS, REPEAT, SERVER_CPU, THREADS,
                       WARMUP)
from .workloads import Workload


def wrk(base: str, workload: Workload, token: str, body: str, seconds: int) -> dict:
    env = dict(os.environ, BENCH_METHOD=workload.method, BENCH_PATH=workload.path, BENCH_BODY=body,
               BENCH_TOKEN=token, BENCH_KEYS=str(workload.keys))
    argv = ["taskset", "-c", LOAD_CPU, "wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
            "--timeout", "10s", "-s", LUA, base]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60, cwd=BENCH)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()[:300]}")
    numbers = json.loads(line[len("BENCH_JSON "):])
    numbers["rps"] = numbers["requests"] / (numbers["duration_us"] / 1e6)
    numbers["errors"] = sum(numbers[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    numbers["wrk_cpu"] = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) / (
        numbers["duration_us"] / 1e6)
    return numbers


def clean(numbers: dict) -> bool:
    return numbers["others_server_core"] < 0.10 and numbers["others_load_core"] < 0.30


def measure(server: Server, workload: Workload, context: dict) -> dict:
    """A warm-up, then measured runs until REPEAT of them were clean (other processes took < 10 %
    of the server's core and < 30 % of wrk's) or MAX_ATTEMPTS runs were made. The run with the
    most rps counts, a clean one if there is any; `answered` counts the requests of all of them
    (warm-up included) that got no error."""
    token, body = workload.token_for(server, context), workload.body_for(context)
    answered = 0
    if WARMUP > 0:
        warm = wrk(server.base, workload, token, body, WARMUP)
        answered += warm["requests"] - warm["errors"]
    runs = []
    for _ in range(MAX_ATTEMPTS):
        wait_quiet()
        cpu_before, wall_before, cores_before = server.cpu_seconds(), time.monotonic(), core_times()
        numbers = wrk(server.base, workload, token, body, DURATION)
        cores_after = core_times()
        numbers["server_cpu"] = (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        # Whatever else ran on the two cores meanwhile (other processes on this machine): noise.
        numbers["others_server_core"] = max(
            0.0, busy_share(cores_before, cores_after, SERVER_CPU) - numbers["server_cpu"])
        numbers["others_load_core"] = max(0.0, busy_share(cores_before, cores_after, LOAD_CPU) - numbers["wrk_cpu"])
        runs.append(numbers)
        answered += numbers["requests"] - numbers["errors"]
        if sum(1 for run in runs if clean(run)) >= REPEAT:
            break
    candidates = [run for run in runs if clean(run)] or runs
    best = max(candidates, key=lambda run: run["rps"])
    best["runs"], best["clean_runs"] = len(runs), sum(1 for run in runs if clean(run))
    best["answered"] = answered
    return best
