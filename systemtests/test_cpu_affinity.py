"""`coffer server` runs one event-loop thread per CPU it may use, so a server pinned with `taskset`
serves every request from one busy thread instead of switching between several.

Coffer only: how many threads the reference starts is the Go runtime's affair.
"""

import os
import shutil
from pathlib import Path

import pytest


SECRET = {"password": "correct horse battery staple"}


def event_loop_threads(pid):
    """Names of the process's NIO event-loop threads, from /proc."""
    names = (Path(task, "comm").read_text().strip() for task in Path(f"/proc/{pid}/task").iterdir())
    return [name for name in names if name.startswith("NIO-SGLTN-")]


def serves_secrets(api):
    api.call("POST", "sys/mounts/pinned", {"type": "kv"})
    api.call("PUT", "pinned/app", SECRET)
    return api.call("GET", "pinned/app", status=200)["data"] == SECRET


def test_one_event_loop_per_usable_cpu(launcher, tmp_path):
    server = launcher.dev("coffer", tmp_path)
    assert serves_secrets(server.api)
    assert len(event_loop_threads(server.process.process.pid)) == len(os.sched_getaffinity(0))


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset (util-linux) is not installed")
def test_pinned_to_one_cpu_runs_one_event_loop(launcher, tmp_path):
    cpu = min(os.sched_getaffinity(0))
    server = launcher.dev("coffer", tmp_path, wrapper=("taskset", "-c", str(cpu)))
    assert serves_secrets(server.api)
    assert len(event_loop_threads(server.process.process.pid)) == 1
