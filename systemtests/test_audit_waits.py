"""Audit devices that wait hold up only the requests they record. With a socket device whose peer
never accepts, `sys/health` still answers at once on both servers (Coffer writes to such devices
off its event loops). Coffer opens a pipe without waiting: a pipe with no reader is refused or
fails the write, fail-closed, instead of hanging the server, and it recovers when a reader is back;
requests queued behind a pipe nobody reads wait without holding a thread each.
A device on standard output writes whole lines while many large requests race, with stdout a pipe.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from support import SERVERS, Api
from test_audit_log import start


def health_seconds(api):
    began = time.monotonic()
    assert api.request("GET", "sys/health").status_code == 200
    return time.monotonic() - began


def in_background(count, work):
    """`count` threads running `work`, whose failures (timeouts) do not matter here."""
    def run():
        try:
            work()
        except Exception:  # noqa: BLE001 - the requests are stuck on purpose
            pass
    threads = [threading.Thread(target=run, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def until_answered(api, method, path, body, timeout=10):
    """The request, repeated until it succeeds: a pipe's reader (a process just started) has to
    reach its `open` before a writer can open the pipe without waiting."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.request(method, path, body)
        if response.status_code in (200, 204) or time.monotonic() > deadline:
            assert response.status_code in (200, 204), response.text
            return response
        time.sleep(0.1)


def a_peer_that_never_accepts():
    """A TCP port whose accept queue is full, so further connections wait for their timeout."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(0)
    port = hole.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    return port, [hole, *fillers]


@pytest.mark.parametrize("kind", SERVERS)
def test_a_peer_that_never_accepts_holds_up_only_audited_requests(launcher, tmp_path, kind):
    _, api, _ = start(launcher, kind, tmp_path)
    port, sockets = a_peer_that_never_accepts()
    try:
        api.call("PUT", "sys/audit/sock", {"type": "socket", "options": {
            "address": f"127.0.0.1:{port}", "write_timeout": "3s", "skip_test": "true"}})
        stuck = in_background(4, lambda: api.request("GET", "secret/data/any"))
        time.sleep(1)
        assert all(thread.is_alive() for thread in stuck), "audited requests wait on the socket"
        assert max(health_seconds(api) for _ in range(3)) < 1
    finally:
        for each in sockets:
            each.close()


def test_a_pipe_without_a_reader_is_refused_and_fails_closed_without_waiting(launcher, tmp_path):
    _, api, _ = start(launcher, "coffer", tmp_path)
    fifo = tmp_path / "audit.fifo"
    os.mkfifo(fifo)
    device = {"type": "file", "options": {"file_path": str(fifo)}}
    refused = api.request("PUT", "sys/audit/pipe", device)
    assert refused.status_code == 400 and "No such device or address" in refused.json()["errors"][0]

    with open(tmp_path / "pipe.out", "wb") as out:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=out)
        until_answered(api, "PUT", "sys/audit/pipe", device)
        api.call("DELETE", "sys/audit/file")
        api.call("PUT", "secret/data/through-pipe", {"data": {"a": "b"}})
        reader.kill()
        reader.wait()
        began = time.monotonic()
        refused = api.request("PUT", "secret/data/after-reader-left", {"data": {"a": "b"}})
        assert refused.status_code == 500 and time.monotonic() - began < 3
        assert health_seconds(api) < 1
        assert api.request("GET", "secret/data/through-pipe").status_code == 500

        reader = subprocess.Popen(["cat", str(fifo)], stdout=out)
        until_answered(api, "PUT", "secret/data/after-reader-came-back", {"data": {"a": "b"}})
        api.call("GET", "secret/data/after-reader-left", status=404)
        reader.kill()
        reader.wait()
    paths = [json.loads(line)["request"]["path"] for line in (tmp_path / "pipe.out").read_text().splitlines()]
    assert "secret/data/through-pipe" in paths and "secret/data/after-reader-came-back" in paths


@pytest.mark.parametrize("kind", SERVERS)
def test_lines_on_a_piped_stdout_stay_whole_under_racing_requests(launcher, tmp_path, kind):
    config = tmp_path / "stdout.hcl"
    config.write_text('audit "file" "out" {\n  options {\n    file_path = "stdout"\n  }\n}\n')
    out = tmp_path / "piped.out"
    # A reader slower than the writers, so the pipe fills and each large write goes in pieces.
    slow_reader = (f"{sys.executable} -c 'import sys, time\nwhile chunk := sys.stdin.buffer.read1(8192):\n"
                   f"    sys.stdout.buffer.write(chunk); time.sleep(0.0005)' > {out}")
    server = launcher.dev(kind, tmp_path, wrapper=["sh", "-c", f'"$@" -config={config} | {slow_reader}', "sh"])
    api = Api(server.address, "root")
    big = {"data": {"k" * 300_000: "v"}}
    writers = in_background(6, lambda: [api.request("PUT", f"secret/data/big{n}", big) for n in range(4)])
    for thread in writers:
        thread.join(120)
    deadline = time.monotonic() + 30
    while out.stat().st_size < 48 * 300_000 and time.monotonic() < deadline:
        time.sleep(0.2)
    lines = [line for line in out.read_text().splitlines() if line.startswith('{"')]
    entries = [json.loads(line) for line in lines]
    assert sum(entry["request"]["path"].startswith("secret/data/big") for entry in entries) == 48


def threads_of(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def test_requests_queued_behind_a_stalled_pipe_hold_no_thread_each(launcher, tmp_path):
    process, api, _ = start(launcher, "coffer", tmp_path)
    fifo = tmp_path / "stalled.fifo"
    os.mkfifo(fifo)
    # A reader that opens the pipe and never reads: once the pipe is full, every write waits.
    reader = subprocess.Popen([sys.executable, "-c", f"import time; f = open({str(fifo)!r}, 'rb'); time.sleep(120)"])
    try:
        until_answered(api, "PUT", "sys/audit/stalled", {"type": "file", "options": {"file_path": str(fifo)}})
        before = threads_of(process.process.pid)
        big = {"data": {"k" * 100_000: "v"}}
        stuck = in_background(24, lambda: api.request("PUT", "secret/data/queued", big))
        time.sleep(3)
        assert sum(thread.is_alive() for thread in stuck) == 24, "the writes wait on the pipe"
        assert threads_of(process.process.pid) <= before + 3
        assert health_seconds(api) < 1
    finally:
        reader.kill()
        reader.wait()
    for thread in stuck:
        thread.join(30)
    assert not any(thread.is_alive() for thread in stuck), "the pipe's reader went away: the writes fail, the file device records"
