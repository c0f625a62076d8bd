"""SIGTERM and SIGINT stop `coffer server` cleanly: exit status 0 within 10 s, a last word in its log,
and the data on its sqlite storage is all there after a restart (sealed, as every start is).

Coffer only: how the reference words its shutdown and with what status it exits is its own affair.
"""

import os
import re
import signal
import time

import pytest

from support import free_port, server_config, wait_active, write_config

EXIT_TIMEOUT = 10
SECRET_PATH = "stash/app/config"
SECRET = {"password": "correct horse battery staple", "port": 5432, "enabled": True}


@pytest.mark.parametrize("kind", ["coffer"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_shuts_down_cleanly_and_keeps_data(launcher, tmp_path, kind, signum):
    datadir = tmp_path / "data"
    datadir.mkdir()
    port = free_port()
    config = write_config(tmp_path / "server.hcl", server_config(kind, port, datadir))

    first = launcher.start(kind, tmp_path, [f"-config={config}"], port, name="first")
    init = first.api.call("PUT", "sys/init", {"secret_shares": 1, "secret_threshold": 1}, status=200)
    key, root = init["keys"][0], init["root_token"]
    assert first.api.call("PUT", "sys/unseal", {"key": key}, status=200)["sealed"] is False
    api = first.api.with_token(root)
    wait_active(api)
    api.call("POST", "sys/mounts/stash", {"type": "kv"})
    api.call("PUT", SECRET_PATH, SECRET)
    assert api.call("GET", SECRET_PATH, status=200)["data"] == SECRET
    log_before = first.process.stdout() + first.process.stderr()

    sent = time.monotonic()
    os.kill(first.process.process.pid, signum)  # to the server alone, as a service manager or Ctrl-C would
    status = first.process.wait_exit(EXIT_TIMEOUT)
    took = time.monotonic() - sent
    log = first.process.stdout() + first.process.stderr()
    assert status == 0, f"exit status {status} after {signum.name}\n{first.process.log_tail()}"
    assert took <= EXIT_TIMEOUT
    said = log[len(log_before):] if log.startswith(log_before) else log
    assert re.search(r"shut(ting)? ?down|stopped", said, re.IGNORECASE), \
        f"the log does not say the server shut down after {signum.name}:\n{first.process.log_tail()}"
    assert not re.search(r"\b(fatal|panic|crash)", said, re.IGNORECASE), \
        f"the shutdown after {signum.name} did not go quietly:\n{first.process.log_tail()}"

    second = launcher.start(kind, tmp_path, [f"-config={config}"], port, name="second")
    status = second.api.call("GET", "sys/seal-status", status=200)
    assert (status["initialized"], status["sealed"]) == (True, True)
    assert second.api.call("PUT", "sys/unseal", {"key": key}, status=200)["sealed"] is False
    api = second.api.with_token(root)
    wait_active(api)
    assert api.call("GET", SECRET_PATH, status=200)["data"] == SECRET
