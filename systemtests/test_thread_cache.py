"""`coffer server` starts itself once more with glibc's per-thread allocation cache raised to 64
blocks per size (`GLIBC_TUNABLES=glibc.malloc.tcache_count=64`), keeping whatever tunables its
environment already set, and leaving the count alone where the environment names it. A binary
running in secure-execution mode (file capabilities, setuid), where glibc ignores the variable,
starts once.

Coffer only: the reference is a Go program with its own allocator.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from support import binary_for, dev_argv, free_port
from test_cpu_affinity import serves_secrets

TUNABLE = "glibc.malloc.tcache_count"


def tunables_of(server):
    """The GLIBC_TUNABLES the running server process was started with, from /proc.

    glibc's loader ends each tunable's value in place as it reads them (a NUL over each ':'), so
    /proc shows the tunables after the first as entries of their own, which this joins again.
    """
    entries = Path(f"/proc/{server.process.process.pid}/environ").read_bytes().split(b"\0")
    starts = [i for i, entry in enumerate(entries) if entry.startswith(b"GLIBC_TUNABLES=")]
    if not starts:
        return None
    assert len(starts) == 1
    tunables = [entries[starts[0]].split(b"=", 1)[1]]
    for entry in entries[starts[0] + 1:]:
        if not entry.startswith(b"glibc."):
            break
        tunables.append(entry)
    return b":".join(tunables).decode()


def test_the_server_runs_with_a_larger_thread_cache(launcher, tmp_path):
    server = launcher.dev("coffer", tmp_path)
    assert serves_secrets(server.api)
    assert tunables_of(server) == f"{TUNABLE}=64"


def test_the_restarted_server_keeps_its_name(launcher, tmp_path):
    """`ps`, `pgrep coffer` and `top` show the program's name, taken from the file it runs."""
    server = launcher.dev("coffer", tmp_path)
    pid = server.process.process.pid
    assert Path(f"/proc/{pid}/comm").read_text().strip() == "coffer"
    assert Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:3] == [b"server", b"-dev"]


def test_tunables_already_set_are_kept(launcher, tmp_path):
    server = launcher.dev("coffer", tmp_path, wrapper=("env", "GLIBC_TUNABLES=glibc.malloc.mxfast=96"))
    assert serves_secrets(server.api)
    assert tunables_of(server) == f"glibc.malloc.mxfast=96:{TUNABLE}=64"


def test_a_cache_size_set_by_the_operator_is_left_alone(launcher, tmp_path):
    server = launcher.dev("coffer", tmp_path, wrapper=("env", f"GLIBC_TUNABLES={TUNABLE}=7"))
    assert serves_secrets(server.api)
    assert tunables_of(server) == f"{TUNABLE}=7"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setcap") is None or shutil.which("setpriv") is None,
                    reason="needs root, setcap and setpriv to give the binary a file capability")
def test_a_binary_with_a_file_capability_starts_once(tmp_path):
    """In secure-execution mode glibc drops GLIBC_TUNABLES; the server must not restart again and
    again looking for it, but start once with glibc's default (as with `setcap cap_ipc_lock`)."""
    directory = Path(tempfile.mkdtemp(prefix="coffer-capability-"))
    try:
        directory.chmod(0o755)
        binary = directory / "coffer"
        shutil.copy(binary_for("coffer"), binary)
        binary.chmod(0o755)
        subprocess.run(["setcap", "cap_ipc_lock=+ep", str(binary)], check=True)
        port = free_port()
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                *dev_argv(str(binary), port)]
        with subprocess.Popen(argv, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
            try:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        answer = requests.get(f"http://127.0.0.1:{port}/v1/sys/seal-status", timeout=1)
                        if answer.status_code == 200:
                            break
                    except requests.ConnectionError:
                        pass
                    assert process.poll() is None, "the server exited"
                    assert time.monotonic() < deadline, "the server never answered"
                    time.sleep(0.2)
                environment = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
                assert not any(entry.startswith(b"COFFER_THREAD_CACHE_RESTARTED=") for entry in environment)
            finally:
                process.terminate()
                process.wait(timeout=10)
    finally:
        shutil.rmtree(directory)
