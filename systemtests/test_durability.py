"""What the server acknowledged survives kill -9; keys, tokens and secrets stay out of logs and storage.

One run per server: init 5/3 on persistent storage (Coffer: sqlite; the reference: raft), unseal,
write 50 secrets to a KV v1 mount, SIGKILL, restart on the same config, unseal, read back. The
tests then judge what the run saw.
"""

import secrets
from dataclasses import dataclass, field

import pytest

from support import SERVERS, Launcher, free_port, server_config, wait_active, write_config

SHARES, THRESHOLD, COUNT = 5, 3, 50
MOUNT = "durable"


@dataclass
class Run:
    status_before_init: dict = None
    init: dict = None
    status_after_init: dict = None
    unseal_answers: list = field(default_factory=list)
    status_after_restart: dict = None
    second_unseal_answers: list = field(default_factory=list)
    written: dict = field(default_factory=dict)
    read_back: dict = field(default_factory=dict)
    listed: list = None
    processes: list = field(default_factory=list)
    datadir: object = None


def secret_data(index):
    return {"value": secrets.token_hex(16), "index": index, "even": index % 2 == 0,
            "label": f"grüße {index}", "tags": [f"t{index}", "shared"]}


@pytest.fixture(scope="module", params=SERVERS)
def run(request, tmp_path_factory):
    kind = request.param
    workdir = tmp_path_factory.mktemp(f"durability-{kind}")
    datadir = workdir / "data"
    datadir.mkdir()
    port = free_port()
    config = write_config(workdir / "server.hcl", server_config(kind, port, datadir))
    launcher = Launcher()
    seen = Run(datadir=datadir)
    try:
        first = launcher.start(kind, workdir, [f"-config={config}"], port, name="first")
        seen.processes.append(first.process)
        api = first.api
        seen.status_before_init = api.call("GET", "sys/seal-status")
        seen.init = api.call("PUT", "sys/init", {"secret_shares": SHARES, "secret_threshold": THRESHOLD},
                             status=200)
        seen.status_after_init = api.call("GET", "sys/seal-status")
        for key in seen.init["keys"][:THRESHOLD]:
            seen.unseal_answers.append(api.call("PUT", "sys/unseal", {"key": key}, status=200))
        api = api.with_token(seen.init["root_token"])
        wait_active(api)
        api.call("POST", f"sys/mounts/{MOUNT}", {"type": "kv"})
        for index in range(COUNT):
            path = f"{MOUNT}/item-{index:02d}"
            seen.written[path] = secret_data(index)
            api.call("PUT", path, seen.written[path])
        first.process.kill()

        second = launcher.start(kind, workdir, [f"-config={config}"], port, name="second")
        seen.processes.append(second.process)
        api = second.api.with_token(seen.init["root_token"])
        seen.status_after_restart = api.call("GET", "sys/seal-status")
        # A different three of the five shares than before.
        for key in seen.init["keys_base64"][SHARES - THRESHOLD:]:
            seen.second_unseal_answers.append(api.call("PUT", "sys/unseal", {"key": key}, status=200))
        wait_active(api)
        for path in seen.written:
            response = api.request("GET", path)
            seen.read_back[path] = response.json().get("data") if response.status_code == 200 else response.status_code
        seen.listed = api.call("GET", f"{MOUNT}/?list=true", status=200)["data"]["keys"]
        yield seen
    finally:
        launcher.stop()


def test_init_leaves_server_sealed(run):
    assert run.status_before_init["initialized"] is False
    assert len(run.init["keys"]) == SHARES and len(set(run.init["keys"])) == SHARES
    assert len(run.init["keys_base64"]) == SHARES
    assert run.init["root_token"]
    after = run.status_after_init
    assert (after["initialized"], after["sealed"], after["t"], after["n"], after["progress"]) == \
        (True, True, THRESHOLD, SHARES, 0)


def test_unseal_counts_progress(run):
    progress = [(answer["sealed"], answer["progress"]) for answer in run.unseal_answers]
    assert progress == [(True, 1), (True, 2), (False, 0)]


def test_restart_after_kill_is_sealed(run):
    after = run.status_after_restart
    assert (after["initialized"], after["sealed"], after["t"], after["n"], after["progress"]) == \
        (True, True, THRESHOLD, SHARES, 0)
    progress = [(answer["sealed"], answer["progress"]) for answer in run.second_unseal_answers]
    assert progress == [(True, 1), (True, 2), (False, 0)]


def test_every_acknowledged_secret_survives_kill(run):
    assert len(run.written) == COUNT
    lost = {path: got for path, got in run.read_back.items() if got != run.written[path]}
    assert not lost, f"{len(lost)} of {COUNT} secrets differ after kill -9 and restart: {lost}"
    assert run.listed == sorted(path.split("/", 1)[1] for path in run.written)


def needles(run):
    """Everything that must never be seen outside the barrier: key shares, root token, secret values."""
    found = {"root token": run.init["root_token"]}
    for i, (hex_key, b64_key) in enumerate(zip(run.init["keys"], run.init["keys_base64"])):
        found[f"unseal key {i + 1} (hex)"] = hex_key
        found[f"unseal key {i + 1} (base64)"] = b64_key
    for path, data in run.written.items():
        found[f"value of {path}"] = data["value"]
    return found


def test_logs_hold_no_keys_tokens_or_secrets(run):
    assert len(run.processes) == 2
    for process in run.processes:
        assert process.stdout_path.exists() and process.stderr_path.exists()
        for stream, text in (("stdout", process.stdout()), ("stderr", process.stderr())):
            leaked = [name for name, needle in needles(run).items() if needle in text]
            assert not leaked, f"{process.name} server {stream} contains: {', '.join(leaked)}"


def test_storage_files_hold_no_plaintext(run):
    files = [path for path in run.datadir.rglob("*") if path.is_file()]
    assert files, f"nothing stored under {run.datadir}"
    for path in files:
        content = path.read_bytes()
        leaked = [name for name, needle in needles(run).items() if needle.encode() in content]
        assert not leaked, f"{path} contains in plain text: {', '.join(leaked)}"
