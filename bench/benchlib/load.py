"""Load from wrk: one run and its numbers (bench/wrk/request.lua builds the requests and checks the
status of every answer), and the measurement of a workload in rounds that alternate the servers."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass

from .cores import busy_share, core_times, wait_quiet
from .servers import Server
from .settings import BENCH, CONNECTIONS, DURATION, LOAD_CPU, LUA, MAX_ROUNDS, ROUNDS, SERVER_CPU, THREADS, WARMUP
from .workloads import Workload


def wrk(base: str, workload: Workload, token: str, body: str, seconds: int) -> dict:
    """One wrk run. `rps` counts only the answers the workload expects (2xx, or its deliberate
    refusal's status) per second; `failure` says what else happened, if anything did."""
    env = dict(os.environ, BENCH_METHOD=workload.method, BENCH_PATH=workload.path, BENCH_BODY=body,
               BENCH_TOKEN=token, BENCH_KEYS=str(workload.keys), BENCH_EXPECT=str(workload.expect or ""))
    argv = ["taskset", "-c", LOAD_CPU, "wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
            "--timeout", "10s", "-s", LUA, base]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60, cwd=BENCH)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()[:300]}")
    numbers = json.loads(line[len("BENCH_JSON "):])
    elapsed = numbers["duration_us"] / 1e6
    numbers["answered"] = numbers["requests"] - sum(numbers["unexpected"].values())
    numbers["rps"] = numbers["answered"] / elapsed
    numbers["failure"] = failure(numbers)
    numbers["wrk_cpu"] = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) / elapsed
    return numbers


def failure(numbers: dict) -> str | None:
    """What went wrong in a run (`HTTP 500 ×12, 3 socket errors`), or None when nothing did."""
    parts = [f"HTTP {status} ×{n:,}" for status, n in sorted(numbers["unexpected"].items())]
    sockets = sum(numbers[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
    if sockets:
        parts.append(f"{sockets:,} socket errors or timeouts")
    return ", ".join(parts) or None


def clean(numbers: dict) -> bool:
    """Other processes took < 10 % of the server's core and < 30 % of wrk's during the run."""
    return numbers["others_server_core"] < 0.10 and numbers["others_load_core"] < 0.30


@dataclass
class Contender:
    """A server in a comparison, with the token and body the workload uses on it."""
    label: str
    server: Server
    token: str
    body: str


def measured_run(contender: Contender, workload: Workload) -> dict:
    """One measured run, after a bounded wait for quiet cores, with the CPU use around it."""
    server = contender.server
    wait_quiet()
    cpu_before, wall_before, cores_before = server.cpu_seconds(), time.monotonic(), core_times()
    numbers = wrk(server.base, workload, contender.token, contender.body, DURATION)
    cores_after = core_times()
    numbers["server_cpu"] = (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
    # Whatever else ran on the two cores meanwhile (other processes on this machine): noise.
    numbers["others_server_core"] = max(0.0, busy_share(cores_before, cores_after, SERVER_CPU) - numbers["server_cpu"])
    numbers["others_load_core"] = max(0.0, busy_share(cores_before, cores_after, LOAD_CPU) - numbers["wrk_cpu"])
    return numbers


def measure(workload: Workload, contenders: list[Contender]) -> dict[str, dict]:
    """A warm-up on each server, then rounds, each a measured run of every server in turn
    (Coffer, reference, Coffer, reference, ...): at least ROUNDS, more (up to MAX_ROUNDS) until
    each server has ROUNDS clean runs. A run with an unexpected answer fails the server's
    measurement of the workload: it makes no further runs and its numbers are not used."""
    runs: dict[str, list[dict]] = {c.label: [] for c in contenders}
    failed: dict[str, str] = {}
    answered = {c.label: 0 for c in contenders}
    if WARMUP > 0:
        for contender in contenders:
            warm = wrk(contender.server.base, workload, contender.token, contender.body, WARMUP)
            answered[contender.label] += warm["answered"]
            if warm["failure"]:
                failed[contender.label] = f"warm-up: {warm['failure']}"
    for _ in range(MAX_ROUNDS):
        if all(c.label in failed or sum(1 for run in runs[c.label] if clean(run)) >= ROUNDS for c in contenders):
            break
        for contender in contenders:
            if contender.label in failed:
                continue
            numbers = measured_run(contender, workload)
            runs[contender.label].append(numbers)
            answered[contender.label] += numbers["answered"]
            if numbers["failure"]:
                failed[contender.label] = f"run {len(runs[contender.label])}: {numbers['failure']}"
    return {c.label: summarize(runs[c.label], failed.get(c.label), answered[c.label]) for c in contenders}


def summarize(runs: list[dict], failed: str | None, answered: int) -> dict:
    """Medians and min–max over the clean runs (over all runs, marked noisy, when fewer than ROUNDS
    were clean); a failed measurement keeps its runs but no figures."""
    clean_runs = [run for run in runs if clean(run)]
    used = clean_runs if len(clean_runs) >= ROUNDS else runs
    summary = {"runs": runs, "clean_runs": len(clean_runs), "failed": failed, "answered": answered,
               "noisy": len(clean_runs) < ROUNDS}
    if failed or not used:
        return summary
    for key in ("rps", "p50_us", "p99_us", "server_cpu", "wrk_cpu", "others_server_core", "others_load_core"):
        values = [run[key] for run in used]
        summary[key] = statistics.median(values)
        summary[key + "_min"], summary[key + "_max"] = min(values), max(values)
    return summary
