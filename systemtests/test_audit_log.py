"""Audit logs on both servers: what the rotation guide's `grep` and `jq` queries find in them, that
no token or secret value is written in plain text while `sys/audit-hash` reproduces the logged
HMACs, and fail-closed: with the log's path made unwritable (the file replaced by a directory, then
SIGHUP to reopen it), every audited request gets a 500 and changes nothing, until the path is
writable again and the server recovers by itself.
"""

import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from support import DEV_ROOT_TOKEN, SERVERS, Api, dev_argv, binary_for, free_port, is_unsealed

SECRET = "s3cret-rotation-value"

# The queries of the rotation-failure guide, as it prints them.
GUIDE_QUERIES = {
    "failed lease renewals": 'select(.request.operation == "lease-renew" and .response.error != null)',
    "failed approle logins": 'select(.request.path == "auth/approle/login" and .response.auth == null)',
    "database creds access": 'select(.request.path | startswith("database/creds"))',
}


def start(launcher, kind, workdir, wrapper=()):
    """A dev server whose config allows enabling audit devices through the API, with a file device;
    run under `wrapper` (e.g. prlimit) if given."""
    config = workdir / "audit.hcl"
    config.write_text("unsafe_allow_api_audit_creation = true\n")
    port = free_port()
    process = launcher._spawn([*wrapper, *dev_argv(binary_for(kind), port), f"-config={config}"], workdir, "server")
    address = f"http://127.0.0.1:{port}"
    process.wait_ready(f"{address}/v1/sys/seal-status", is_unsealed)
    api = Api(address, DEV_ROOT_TOKEN)
    log = workdir / "audit.log"
    api.call("PUT", "sys/audit/file", {"type": "file", "options": {"file_path": str(log)}})
    return process, api, log


def exercise(api):
    """What the guide's operator sees happen: a secret written, a failed renewal, a refused AppRole
    login, a denied read."""
    api.call("PUT", "secret/data/app", {"data": {"password": SECRET}})
    api.call("PUT", "sys/leases/renew", {"lease_id": "database/creds/app/nope", "increment": 3600}, status=400)
    api.call("POST", "sys/auth/approle", {"type": "approle"})
    api.call("POST", "auth/approle/role/web", {"token_policies": ["default"]})
    role_id = api.call("GET", "auth/approle/role/web/role-id")["data"]["role_id"]
    api.with_token(None).call("POST", "auth/approle/login", {"role_id": role_id, "secret_id": "wrong"}, status=400)
    plain = api.call("POST", "auth/token/create", {"policies": ["default"]})["auth"]["client_token"]
    api.with_token(plain).call("GET", "secret/data/app", status=403)
    return plain


def jq_count(query, log):
    result = subprocess.run(["jq", "-c", query, str(log)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return len([line for line in result.stdout.splitlines() if line.strip()])


def test_the_guides_queries_find_the_same_lines_and_no_secret_is_logged(launcher, tmp_path):
    counts = {}
    for kind in SERVERS:
        workdir = tmp_path / kind
        workdir.mkdir()
        _, api, log = start(launcher, kind, workdir)
        plain = exercise(api)
        text = log.read_text()
        for value in (SECRET, plain, f'"client_token":"{DEV_ROOT_TOKEN}"', '"wrong"'):
            assert value not in text, f"{kind}: {value} in the audit log"
        lines = [json.loads(line) for line in text.splitlines()]
        root_hash = api.call("PUT", "sys/audit-hash/file", {"input": DEV_ROOT_TOKEN})["data"]["hash"]
        secret_hash = api.call("PUT", "sys/audit-hash/file", {"input": SECRET})["data"]["hash"]
        write = next(line for line in lines if line["request"]["path"] == "secret/data/app"
                     and line["auth"].get("client_token") == root_hash)
        assert write["request"]["data"]["data"]["password"] == secret_hash
        denied = [line for line in lines if line.get("error") and line["request"]["path"] == "secret/data/app"]
        assert [line["type"] for line in denied] == ["request", "response"], kind
        assert all(line["auth"]["policy_results"]["allowed"] is False for line in denied)
        grep = subprocess.run(["grep", "-c", "permission denied", str(log)], capture_output=True, text=True)
        counts[kind] = {name: jq_count(query, log) for name, query in GUIDE_QUERIES.items()}
        counts[kind]["permission denied lines"] = int(grep.stdout.strip() or 0)
        assert counts[kind]["failed approle logins"] >= 1 and counts[kind]["permission denied lines"] >= 1
    assert counts["coffer"] == counts["reference"]


@pytest.mark.parametrize("kind", SERVERS)
def test_an_unwritable_log_refuses_requests_until_it_is_writable_again(launcher, tmp_path, kind):
    process, api, log = start(launcher, kind, tmp_path)
    api.call("PUT", "secret/data/before", {"data": {"a": "b"}})
    log.unlink()
    log.mkdir()
    os.kill(process.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while api.request("GET", "secret/data/before").status_code != 500:
        assert time.monotonic() < deadline, "requests still answered with the log's path a directory"
        time.sleep(0.2)
    refused = api.request("PUT", "secret/data/during", {"data": {"a": "b"}})
    assert refused.status_code == 500 and refused.json() == {"errors": ["internal error"]}
    assert api.request("GET", "sys/health").status_code == 200
    shutil.rmtree(log)
    assert api.request("GET", "secret/data/during").status_code == 404
    api.call("PUT", "secret/data/after", {"data": {"a": "b"}})
    assert log.exists() and "secret/data/after" in log.read_text()
