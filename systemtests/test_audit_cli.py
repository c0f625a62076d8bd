"""Coffer's `audit enable|disable|list` against a dev server of each kind, beside the `bao` CLI on the
same server: the same messages, tables, JSON and YAML, errors and exit codes.

Both dev servers start with `-config` naming a file that sets `unsafe_allow_api_audit_creation =
true`, without which neither enables an audit device through the API. Each test writes its audit
logs in its own directory; every device is disabled again after each test.
"""

import json

import pytest

from support import (DEV_ROOT_TOKEN, SERVERS, Server, ServerProcess, binary_for, describe, dev_argv, free_port,
                     is_unsealed, ok, parse_columns, run_cli)

NONE_ENABLED = "No audit devices are enabled.\n"


@pytest.fixture(scope="module", params=SERVERS)
def dev_server(request, tmp_path_factory):
    """A dev server of each kind that allows enabling audit devices through the API."""
    workdir = tmp_path_factory.mktemp(f"audit-{request.param}")
    config = workdir / "audit.hcl"
    config.write_text("unsafe_allow_api_audit_creation = true\n")
    port = free_port()
    process = ServerProcess([*dev_argv(binary_for(request.param), port), f"-config={config}"], workdir, "dev")
    try:
        process.start()
        address = f"http://127.0.0.1:{port}"
        process.wait_ready(f"{address}/v1/sys/seal-status", is_unsealed)
        yield Server(request.param, process, address, token=DEV_ROOT_TOKEN)
    finally:
        process.stop()


@pytest.fixture(autouse=True)
def no_devices_left(dev_server):
    """Disables every audit device a test enabled, so that the next starts with none."""
    yield
    for path in devices(dev_server):
        dev_server.api.call("DELETE", f"sys/audit/{path}")


@pytest.fixture
def coffer(dev_server, tmp_path):
    """`coffer ARGS` against the module's server, as root unless `token` says otherwise."""
    def run(*args, token=DEV_ROOT_TOKEN):
        return run_cli([binary_for("coffer"), *args], tmp_path,
                       {"COFFER_ADDR": dev_server.address, "COFFER_TOKEN": token})
    return run


def devices(server):
    """The audit table, read through the API (`data` of `GET sys/audit`)."""
    return server.api.call("GET", "sys/audit", status=200)["data"]


def same_run(ours, theirs):
    """Coffer's run ended exactly as bao's: exit code, stdout and stderr."""
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr), \
        f"coffer:\n{describe(ours)}\nbao:\n{describe(theirs)}"


def test_an_empty_table_says_so_and_exits_2_but_is_an_empty_object_in_json(coffer, bao):
    for detail in ((), ("-detailed",)):
        listed = coffer("audit", "list", *detail)
        assert (listed.returncode, listed.stdout, listed.stderr) == (2, NONE_ENABLED, ""), describe(listed)
        same_run(listed, bao("audit", "list", *detail))
    for form in ("-format=json", "-format=yaml"):
        listed = coffer("audit", "list", form)
        assert (listed.returncode, listed.stdout) == (0, "{}\n"), describe(listed)
        same_run(listed, bao("audit", "list", form))


def test_enable_at_the_type_and_list(coffer, bao, dev_server, tmp_path):
    log = tmp_path / "file.log"
    assert ok(coffer("audit", "enable", "file", f"file_path={log}")) == \
        "Success! Enabled the file audit device at: file/\n"
    table = devices(dev_server)
    assert list(table) == ["file/"], table
    assert table["file/"] == {"type": "file", "description": "", "options": {"file_path": str(log)},
                              "local": False, "path": "file/"}
    listed = coffer("audit", "list")
    assert ok(listed) == "Path     Type    Description\n----     ----    -----------\nfile/    file    n/a\n"
    same_run(listed, bao("audit", "list"))


def test_enable_with_a_path_description_local_and_options_as_typed(coffer, bao, dev_server, tmp_path):
    log = tmp_path / "cli2.log"
    enabled = coffer("audit", "enable", "-path=cli2", "-description=hello", "-local", "file", f"file_path={log}",
                     "mode=0640", "log_raw=true")
    assert ok(enabled) == "Success! Enabled the file audit device at: cli2/\n"
    device = devices(dev_server)["cli2/"]
    assert (device["description"], device["local"]) == ("hello", True), device
    assert device["options"] == {"file_path": str(log), "mode": "0640", "log_raw": "true"}, device

    ok(coffer("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}"))
    ours = ok(coffer("audit", "list", "-detailed")).splitlines()
    assert ours[:2] == ["Path     Type    Description    Replication    Options",
                        "----     ----    -----------    -----------    -------"]
    assert ours[2] == f"cli2/    file    hello          local          file_path={log} log_raw=true mode=0640"
    assert ours[3] == f"file/    file    n/a            replicated     file_path={tmp_path / 'file.log'}"
    # bao prints the options in random order, Coffer sorts them: compare the rows with sorted options.
    theirs = ok(bao("audit", "list", "-detailed"))
    assert ours[:2] == theirs.splitlines()[:2]
    assert with_sorted_options("\n".join(ours)) == with_sorted_options(theirs)


def with_sorted_options(table):
    """The rows of a `-detailed` table, each with the `k=v` words of its last cell sorted."""
    return [[*row[:-1], sorted(row[-1].split(" "))] for row in parse_columns(table)]


def test_json_and_yaml_are_bao_s_with_or_without_detail(coffer, bao, tmp_path):
    ok(coffer("audit", "enable", "-path=cli2", "-description=hello", "-local", "file",
              f"file_path={tmp_path / 'cli2.log'}", "mode=0640", "log_raw=true"))
    ok(coffer("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}"))
    listed = json.loads(ok(coffer("audit", "list", "-format=json")))
    assert list(listed) == ["cli2/", "file/"]
    assert list(listed["cli2/"]) == ["type", "description", "options", "local", "path"]
    for args in (("-format=json",), ("-format=json", "-detailed"), ("-format=yaml",)):
        same_run(coffer("audit", "list", *args), bao("audit", "list", *args))


def test_options_from_a_json_file_are_sent_as_bao_sends_them(coffer, bao, dev_server, tmp_path):
    (tmp_path / "ours.json").write_text(json.dumps({"file_path": str(tmp_path / "ours.log"), "mode": 600,
                                                    "log_raw": False}))
    (tmp_path / "theirs.json").write_text(json.dumps({"file_path": str(tmp_path / "theirs.log"), "mode": 600,
                                                      "log_raw": False}))
    ok(coffer("audit", "enable", "-path=ours", "file", f"@{tmp_path / 'ours.json'}"))
    ok(bao("audit", "enable", "-path=theirs", "file", f"@{tmp_path / 'theirs.json'}"))
    table = devices(dev_server)
    assert table["ours/"]["options"] == {"file_path": str(tmp_path / "ours.log"), "mode": "600", "log_raw": "0"}
    assert table["theirs/"]["options"] == {"file_path": str(tmp_path / "theirs.log"), "mode": "600", "log_raw": "0"}


def test_disable_normalises_the_path_and_succeeds_when_nothing_is_there(coffer, bao, dev_server, tmp_path):
    ok(coffer("audit", "enable", "-path=cli2", "file", f"file_path={tmp_path / 'cli2.log'}"))
    ok(coffer("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}"))
    assert ok(coffer("audit", "disable", "/cli2//")) == "Success! Disabled audit device (if it was enabled) at: cli2/\n"
    assert list(devices(dev_server)) == ["file/"]
    assert ok(coffer("audit", "disable", "file")) == "Success! Disabled audit device (if it was enabled) at: file/\n"
    assert devices(dev_server) == {}
    same_run(coffer("audit", "disable", "nonexist/"), bao("audit", "disable", "nonexist/"))
    # Unlike bao's, Coffer's audit commands take -format; enable and disable then print nothing.
    assert ok(coffer("audit", "enable", "-format=json", "file", f"file_path={tmp_path / 'file.log'}")) == ""
    assert ok(coffer("audit", "disable", "-format=json", "file")) == ""


def test_refusals_by_the_server_are_bao_s(coffer, bao, tmp_path):
    ok(coffer("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}"))
    again = coffer("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}")
    assert again.returncode == 2 and again.stderr.startswith("Error enabling audit device: "), describe(again)
    assert "* path already in use" in again.stderr, describe(again)
    same_run(again, bao("audit", "enable", "file", f"file_path={tmp_path / 'file.log'}"))
    same_run(coffer("audit", "enable", "-path=other", "nope"), bao("audit", "enable", "-path=other", "nope"))
    for args in (("list",), ("disable", "file"), ("enable", "-path=x", "file", f"file_path={tmp_path / 'x.log'}")):
        same_run(coffer("audit", *args, token="not-a-token"), bao("audit", *args, token="not-a-token"))


@pytest.mark.parametrize("args", [
    ("enable",), ("enable", "file", "foo"), ("disable",), ("disable", "a", "b"), ("list", "extra"),
])
def test_usage_errors_are_bao_s(coffer, bao, args):
    ours = coffer("audit", *args)
    assert ours.returncode == 1 and ours.stdout == "", describe(ours)
    same_run(ours, bao("audit", *args))
