"""A perf profile of a server under a workload (an extra run, not a measured one): the full reports
go to bench/out/, a summary (libraries, Coffer's own functions, top symbols) to RESULTS.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from .load import wrk
from .servers import Server
from .settings import LOAD_CPU, OUT
from .workloads import Workload


def profile(server: Server, workload: Workload, context: dict, name: str) -> list[str]:
    """perf samples of the server under the workload (not a measured run); top self-time symbols."""
    if not shutil.which("perf"):
        return []
    data = os.path.join(OUT, f"perf-{name}.data")
    token, body = workload.token_for(server, context), workload.body_for(context)
    recorder = subprocess.Popen(["taskset", "-c", LOAD_CPU, "perf", "record", "-q", "-F", "999", "-g",
                                 "-p", str(server.pid), "-o", data, "--", "sleep", "6"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wrk(server.base, workload, token, body, 5)
    finally:
        try:
            recorder.wait(timeout=60)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait(timeout=10)
    def report(sort: str, limit: str) -> str:
        return subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none",
                               "--percent-limit", limit, "--sort", sort],
                              capture_output=True, text=True, timeout=300).stdout
    def report_children() -> str:
        raw = subprocess.run(["perf", "report", "-i", data, "--stdio", "--children", "-g", "none",
                              "--percent-limit", "1", "--sort", "symbol"],
                             capture_output=True, text=True, timeout=300).stdout
        demangler = shutil.which("swift-demangle")
        if demangler:
            raw = subprocess.run([demangler], input=raw, capture_output=True, text=True, timeout=120).stdout
        return raw
    by_dso = []
    for line in report("dso", "1").splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
        if match:
            by_dso.append(f"{match.group(1)}% {match.group(2)}")
    text = report("dso,symbol", "0.8")
    demangler = shutil.which("swift-demangle")
    if demangler:
        text = subprocess.run([demangler, "--simplified"], input=text, capture_output=True, text=True,
                              timeout=120).stdout
    with open(os.path.join(OUT, f"perf-{name}.txt"), "w") as f:
        f.write(text)
    own: dict[str, float] = {}
    inclusive = report_children()
    with open(os.path.join(OUT, f"perf-{name}-inclusive.txt"), "w") as f:
        f.write(inclusive)
    for line in inclusive.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+\[[.kH]\]\s+(.*)", line)
        if not match:
            continue
        symbol = re.sub(r"\((\w+) in _[0-9A-F]+\)", r"\1", match.group(2))
        name = re.search(r"(Coffer\w*\.[\w.]+)", symbol)
        if name and "conformance" not in symbol.split(name.group(1))[0]:
            key = name.group(1).rstrip(".")
            own[key] = max(own.get(key, 0.0), float(match.group(1)))
    rows = []
    for line in text.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.kH]\]\s+(.*)", line)
        if match:
            symbol = re.sub(r"\s+-\s+-\s*$", "", match.group(3)).strip()
            rows.append(f"{match.group(1)}% {match.group(2)}: {symbol[:110]}")
    own_rows = [f"{share:.1f}% {name}" for name, share in sorted(own.items(), key=lambda kv: -kv[1])[:15]]
    return (["share of samples by library (self time): " + ", ".join(by_dso[:8]), "",
             "Coffer's own functions, inclusive time (callees included):"] + own_rows
            + ["", "top symbols, self time:"] + rows[:12])
