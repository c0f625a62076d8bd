"""Facts about the machine and the tools for the report: CPU, memory, kernel, load average, what
Coffer was built from, and the versions of Coffer, the reference, wrk and Swift."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess

from .settings import BAO, COFFER, ROOT


def machine() -> dict:
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1])
    def run(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    commit = run(["git", "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift"])
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    wrk_version = run(["wrk", "-v"]).splitlines()
    return {
        "cpus": os.cpu_count(), "nproc": run(["nproc"]), "model": model, "mem_gib": mem / 1048576,
        "kernel": platform.release(), "load": load,
        "commit": os.environ.get("BENCH_COMMIT", ""),
        "coffer": os.environ.get("BENCH_SOURCE_DESC")
        or f"commit {commit}{' + uncommitted changes in Sources/' if dirty else ''}",
        "coffer_version": run([COFFER, "version"]).splitlines()[0] if os.path.exists(COFFER) else "",
        "bao": run([BAO, "version"]), "wrk": wrk_version[0] if wrk_version else "wrk",
        "swift": run(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "",
    }
