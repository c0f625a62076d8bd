#!/usr/bin/env python3
"""Coffer against the reference server (OpenBao), driven by wrk. Started by bench/run.sh.

Three setups: dev mode (in memory), durable storage (Coffer: SQLite; reference: integrated
raft, else file storage), and dev mode with a file audit device (KV reads and writes). In each, both servers run pinned to one CPU and wrk to the other;
every workload both servers support gets a warm-up and rounds of measured runs alternating the
servers. The floor is a minimal responder (bench/Floor) on two HTTP stacks: Hummingbird's own
channel and Coffer's listener. Then leases at scale on durable storage (benchlib/leases.py).
Results go to bench/RESULTS.md and stdout, raw numbers to bench/results.json; server logs to
bench/out/.

Only the standard library; every request goes to 127.0.0.1; every wait is bounded; every
server is started in its own process group and that group is killed on exit.

The parts are in bench/benchlib/; the settings (environment variables) in benchlib/settings.py.
"""

from __future__ import annotations

import atexit
import datetime
import json
import os
import shutil
import signal
import sys

from benchlib.leases import run_leases
from benchlib.machine import machine
from benchlib.report import render
from benchlib.servers import on_signal, stop_all
from benchlib.settings import BAO, COFFER, FLOOR, OUT, RESULTS, RESULTS_JSON, ROOT, SETUPS, log
from benchlib.setups import run_floor, run_setup


def main() -> int:
    for path, what in ((COFFER, "coffer release binary"), (FLOOR, "coffer-bench-floor"), (BAO, "bao")):
        if not os.access(path, os.X_OK):
            sys.exit(f"missing {what} at {path}; run bench/run.sh")
    for tool in ("wrk", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"missing {tool}; run bench/run.sh")
    os.makedirs(OUT, exist_ok=True)
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = datetime.datetime.now(datetime.timezone.utc)
    info = machine()
    floor = run_floor() if set(SETUPS) - {"leases"} else None
    setups, hints, leases = [], [], None
    for name in SETUPS:
        if name == "leases":
            leases = run_leases()
            continue
        result, setup_hints = run_setup(name)
        setups.append(result)
        hints.extend(setup_hints)
    with open("/proc/loadavg") as f:
        info["load_after"] = " ".join(f.read().split()[:3])
    text = render(info, started, floor, setups, leases, hints)
    with open(RESULTS, "w") as f:
        f.write(text)
    raw = {"started": f"{started:%Y-%m-%dT%H:%M:%SZ}", "machine": info, "floor": floor, "setups": [
        {"name": s.name, "storage": s.storage, "memory": s.memory, "idle_memory": s.idle_memory,
         "final_memory": s.final_memory, "token_memory": s.token_memory, "audit_bytes": s.audit_bytes,
         "health_floor": s.health_floor,
         "rows": [{"workload": w.name, "coffer": m, "reference": t, "note": n} for w, m, t, n in s.rows]}
        for s in setups], "leases": leases}
    with open(RESULTS_JSON, "w") as f:
        json.dump(raw, f, indent=1)
        f.write("\n")
    print()
    print(text)
    log(f"written to {os.path.relpath(RESULTS, ROOT)} and {os.path.relpath(RESULTS_JSON, ROOT)}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
