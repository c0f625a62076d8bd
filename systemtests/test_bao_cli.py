"""The reference CLI (`bao`) against a dev server of each kind: Coffer must satisfy it as OpenBao does.

Dev `secret/` is KV v2 on both servers, so the plain read/write/list/delete commands use a KV v1
mount of their own (`kvone/`); `bao kv put/get` use `secret/`.
"""

import json

import pytest

from support import (DEV_ROOT_TOKEN, SERVERS, binary_for, describe, ok, parse_columns, parse_list, parse_table,
                     run_cli)


@pytest.fixture(scope="module")
def kv1(dev_server):
    """The path of a KV v1 mount on the dev server."""
    dev_server.api.call("POST", "sys/mounts/kvone", {"type": "kv"})
    return "kvone"


def bao_runner(server, home):
    variables = {"BAO_ADDR": server.address, "BAO_TOKEN": DEV_ROOT_TOKEN,
                 "VAULT_ADDR": server.address, "VAULT_TOKEN": DEV_ROOT_TOKEN}
    binary = binary_for("reference")
    return lambda *args: run_cli([binary, *args], home, variables)


@pytest.fixture
def bao(dev_server, tmp_path):
    return bao_runner(dev_server, tmp_path)


def test_status(bao):
    table = parse_table(ok(bao("status")))
    assert (table["Initialized"], table["Sealed"]) == ("true", "false")


def test_secrets_list(bao):
    rows = {row[0]: row[1] for row in parse_columns(ok(bao("secrets", "list")))}
    assert (rows.get("secret/"), rows.get("sys/")) == ("kv", "system"), rows
    mounts = json.loads(ok(bao("secrets", "list", "-format=json")))
    assert (mounts["secret/"]["type"], mounts["sys/"]["type"]) == ("kv", "system")
    assert mounts["secret/"]["options"] == {"version": "2"}
    assert mounts["secret/"]["description"] == "key/value secret storage"


def test_write(bao, dev_server, kv1):
    assert ok(bao("write", f"{kv1}/a", "x=1")).strip() == f"Success! Data written to: {kv1}/a"
    assert dev_server.api.call("GET", f"{kv1}/a", status=200)["data"] == {"x": "1"}


def test_read(bao, dev_server, kv1):
    dev_server.api.call("PUT", f"{kv1}/r", {"x": "1"})
    assert parse_table(ok(bao("read", f"{kv1}/r")))["x"] == "1"


def test_read_json(bao, dev_server, kv1):
    dev_server.api.call("PUT", f"{kv1}/rj", {"x": "1", "n": 7})
    answer = json.loads(ok(bao("read", "-format=json", f"{kv1}/rj")))
    assert answer["data"] == {"x": "1", "n": 7}
    assert answer["lease_id"] == "" and answer["renewable"] is False


def test_kv_get_on_kv_v1(bao, dev_server, kv1):
    dev_server.api.call("PUT", f"{kv1}/g", {"x": "1"})
    assert parse_table(ok(bao("kv", "get", f"{kv1}/g"))) == {"x": "1"}


def test_kv_put_then_get_field(bao):
    ok(bao("kv", "put", "secret/b", "y=2"))
    assert ok(bao("kv", "get", "-field=y", "secret/b")) == "2"


def test_list(bao, dev_server, kv1):
    for name in ("one", "two", "sub/three"):
        dev_server.api.call("PUT", f"{kv1}/listing/{name}", {"v": name})
    assert parse_list(ok(bao("list", f"{kv1}/listing"))) == ["one", "sub/", "two"]
    assert json.loads(ok(bao("list", "-format=json", f"{kv1}/listing/"))) == ["one", "sub/", "two"]
    assert "listing/" in parse_list(ok(bao("list", f"{kv1}/")))


def test_delete(bao, dev_server, kv1):
    dev_server.api.call("PUT", f"{kv1}/d", {"x": "1"})
    assert ok(bao("delete", f"{kv1}/d")).strip() == f"Success! Data deleted (if it existed) at: {kv1}/d"
    assert dev_server.api.request("GET", f"{kv1}/d").status_code == 404


def test_secrets_enable_and_disable(bao, dev_server):
    assert ok(bao("secrets", "enable", "-path=kv1", "kv")).strip() == \
        "Success! Enabled the kv secrets engine at: kv1/"
    assert dev_server.api.call("GET", "sys/mounts", status=200)["data"]["kv1/"]["type"] == "kv"
    ok(bao("write", "kv1/k", "v=1"))
    assert ok(bao("secrets", "disable", "kv1")).strip() == \
        "Success! Disabled the secrets engine (if it existed) at: kv1/"
    assert "kv1/" not in dev_server.api.call("GET", "sys/mounts", status=200)["data"]


@pytest.mark.parametrize("kind", SERVERS)
def test_operator_seal_then_status(kind, launcher, tmp_path):
    server = launcher.dev(kind, tmp_path)
    bao = bao_runner(server, tmp_path)
    assert ok(bao("operator", "seal")).strip() == "Success! Vault is sealed."
    result = bao("status")
    assert result.returncode == 2, describe(result)
    assert parse_table(result.stdout)["Sealed"] == "true"
    assert server.api.call("GET", "sys/seal-status", status=200)["sealed"] is True
