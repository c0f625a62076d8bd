"""Coffer's own CLI against a dev server of each kind, and `operator init`/`unseal` on fresh servers.

A test is skipped only when `coffer --help` (or `coffer operator --help`) lists no such command.
"""

import functools
import json
import re
import subprocess

import pytest
import yaml

from support import (DEV_ROOT_TOKEN, SERVERS, binary_for, describe, free_port, ok, parse_columns, parse_list,
                     parse_table, run_cli, server_config, write_config)

MOUNT = "kvone"


@functools.cache
def subcommands(*words):
    """The subcommand names `coffer WORDS --help` lists."""
    result = subprocess.run([binary_for("coffer"), *words, "--help"], capture_output=True, text=True, timeout=60)
    text = result.stdout + result.stderr
    section = text.split("SUBCOMMANDS:", 1)[1] if "SUBCOMMANDS:" in text else ""
    return set(re.findall(r"^  ([a-z][a-z-]*)(?:\s|$)", section, re.MULTILINE))


def require(*words):
    """Skips the test unless Coffer has the command `coffer WORDS`."""
    for depth in range(1, len(words) + 1):
        if words[depth - 1] not in subcommands(*words[:depth - 1]):
            pytest.skip(f"`coffer {' '.join(words[:depth - 1])} --help` lists no `{words[depth - 1]}` command")


def coffer_runner(server, home, token=DEV_ROOT_TOKEN):
    variables = {"COFFER_ADDR": server.address}
    if token:
        variables["COFFER_TOKEN"] = token
    binary = binary_for("coffer")
    return lambda *args: run_cli([binary, *args], home, variables)


@pytest.fixture(scope="module")
def kv1(dev_server):
    """A KV v1 mount on the dev server."""
    dev_server.api.call("POST", f"sys/mounts/{MOUNT}", {"type": "kv"})
    return MOUNT


@pytest.fixture
def coffer(dev_server, tmp_path):
    return coffer_runner(dev_server, tmp_path)


def test_status(coffer):
    require("status")
    table = parse_table(ok(coffer("status")))
    assert (table["Initialized"], table["Sealed"]) == ("true", "false")
    status = json.loads(ok(coffer("status", "-format=json")))
    assert (status["initialized"], status["sealed"]) == (True, False)


def test_secrets_list(coffer):
    require("secrets", "list")
    rows = {row[0]: row[1] for row in parse_columns(ok(coffer("secrets", "list")))}
    assert (rows.get("secret/"), rows.get("sys/")) == ("kv", "system"), rows
    mounts = json.loads(ok(coffer("secrets", "list", "-format=json")))
    assert (mounts["secret/"]["type"], mounts["sys/"]["type"]) == ("kv", "system")


def test_secrets_enable_and_disable(coffer, dev_server):
    require("secrets", "enable")
    require("secrets", "disable")
    ok(coffer("secrets", "enable", "-path=kvtmp", "kv"))
    assert dev_server.api.call("GET", "sys/mounts", status=200)["data"]["kvtmp/"]["type"] == "kv"
    ok(coffer("secrets", "disable", "kvtmp"))
    assert "kvtmp/" not in dev_server.api.call("GET", "sys/mounts", status=200)["data"]


def test_write(coffer, dev_server, kv1):
    require("write")
    ok(coffer("write", f"{kv1}/w", "x=1", "y=two"))
    assert dev_server.api.call("GET", f"{kv1}/w", status=200)["data"] == {"x": "1", "y": "two"}


def test_read(coffer, dev_server, kv1):
    require("read")
    dev_server.api.call("PUT", f"{kv1}/r", {"x": "1", "y": "two"})
    table = parse_table(ok(coffer("read", f"{kv1}/r")))
    assert (table["x"], table["y"]) == ("1", "two")


def test_read_json_and_yaml(coffer, dev_server, kv1):
    require("read")
    dev_server.api.call("PUT", f"{kv1}/rf", {"x": "1", "n": 7})
    assert json.loads(ok(coffer("read", "-format=json", f"{kv1}/rf")))["data"] == {"x": "1", "n": 7}
    assert yaml.safe_load(ok(coffer("read", "-format=yaml", f"{kv1}/rf")))["data"] == {"x": "1", "n": 7}


def test_read_field(coffer, dev_server, kv1):
    require("read")
    dev_server.api.call("PUT", f"{kv1}/field", {"x": "1", "y": "two"})
    assert ok(coffer("read", "-field=y", f"{kv1}/field")).strip() == "two"


def test_read_missing_exits_2(coffer, kv1):
    require("read")
    result = coffer("read", f"{kv1}/nothing")
    assert result.returncode == 2, describe(result)
    assert f"No value found at {kv1}/nothing" in result.stderr, describe(result)


def test_list(coffer, dev_server, kv1):
    require("list")
    for name in ("one", "two", "sub/three"):
        dev_server.api.call("PUT", f"{kv1}/listing/{name}", {"v": name})
    assert parse_list(ok(coffer("list", f"{kv1}/listing"))) == ["one", "sub/", "two"]
    assert json.loads(ok(coffer("list", "-format=json", f"{kv1}/listing/"))) == ["one", "sub/", "two"]
    assert "listing/" in parse_list(ok(coffer("list", f"{kv1}/")))


def test_delete(coffer, dev_server, kv1):
    require("delete")
    dev_server.api.call("PUT", f"{kv1}/d", {"x": "1"})
    ok(coffer("delete", f"{kv1}/d"))
    assert dev_server.api.request("GET", f"{kv1}/d").status_code == 404


def test_vault_variables(dev_server, kv1, tmp_path):
    require("read")
    dev_server.api.call("PUT", f"{kv1}/env", {"x": "from-vault-vars"})
    variables = {"VAULT_ADDR": dev_server.address, "VAULT_TOKEN": DEV_ROOT_TOKEN}
    result = run_cli([binary_for("coffer"), "read", "-field=x", f"{kv1}/env"], tmp_path, variables)
    assert ok(result).strip() == "from-vault-vars"


@pytest.mark.parametrize("kind", SERVERS)
def test_operator_seal(kind, launcher, tmp_path):
    require("operator", "seal")
    server = launcher.dev(kind, tmp_path)
    coffer = coffer_runner(server, tmp_path)
    ok(coffer("operator", "seal"))
    assert server.api.call("GET", "sys/seal-status", status=200)["sealed"] is True
    result = coffer("status")
    assert result.returncode == 2, describe(result)
    assert parse_table(result.stdout)["Sealed"] == "true"


@pytest.mark.parametrize("kind", SERVERS)
def test_operator_init_and_unseal(kind, launcher, tmp_path):
    require("operator", "init")
    require("operator", "unseal")
    port = free_port()
    config = write_config(tmp_path / "server.hcl", server_config(kind, port))
    server = launcher.start(kind, tmp_path, [f"-config={config}"], port)
    coffer = coffer_runner(server, tmp_path, token=None)

    init = json.loads(ok(coffer("operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json")))
    assert len(init["unseal_keys_b64"]) == 3 and len(set(init["unseal_keys_b64"])) == 3
    assert len(init["unseal_keys_hex"]) == 3
    assert (init["unseal_shares"], init["unseal_threshold"]) == (3, 2)
    assert init["root_token"]
    status = server.api.call("GET", "sys/seal-status", status=200)
    assert (status["initialized"], status["sealed"], status["t"], status["n"]) == (True, True, 2, 3)

    first = parse_table(ok(coffer("operator", "unseal", init["unseal_keys_b64"][0])))
    assert (first["Sealed"], first["Unseal Progress"]) == ("true", "1/2")
    assert server.api.call("GET", "sys/seal-status", status=200)["progress"] == 1
    second = parse_table(ok(coffer("operator", "unseal", init["unseal_keys_hex"][2])))
    assert second["Sealed"] == "false"
    assert server.api.call("GET", "sys/seal-status", status=200)["sealed"] is False

    mounts = server.api.with_token(init["root_token"]).call("GET", "sys/mounts", status=200)
    assert "sys/" in mounts["data"]


def test_auth_enable_list_disable(coffer, dev_server):
    require("auth", "enable")
    enabled = ok(coffer("auth", "enable", "-path=machines", "-description=ci runners", "approle"))
    assert enabled.strip() == "Success! Enabled approle auth method at: machines/"
    rows = {row[0]: row for row in parse_columns(ok(coffer("auth", "list")))}
    assert rows["machines/"][1] == "approle" and rows["machines/"][2].startswith("auth_approle_"), rows
    assert rows["machines/"][3:] == ["ci runners", "n/a"] and rows["token/"][1] == "token", rows
    methods = json.loads(ok(coffer("auth", "list", "-format=json")))
    assert methods["machines/"]["config"]["token_type"] == "default-service", methods
    assert ok(coffer("auth", "disable", "machines")).strip() == \
        "Success! Disabled the auth method (if it existed) at: machines/"
    assert "machines/" not in dev_server.api.call("GET", "sys/auth", status=200)["data"]
