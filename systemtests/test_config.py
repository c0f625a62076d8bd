"""`server -config`: errors name file and position and stop the server; JSON, directories, repeated
-config and the legacy `backend` block all configure a working server."""

import re

import pytest

from support import SERVERS, free_port, hcl_text, server_config, write_config

EXIT_TIMEOUT = 10


def exit_of(launcher, kind, workdir, args):
    """(exit status, stdout, stderr) of a server that must stop by itself within EXIT_TIMEOUT seconds."""
    process = launcher.spawn(kind, workdir, args, "refused")
    status = process.wait_exit(EXIT_TIMEOUT)
    return status, process.stdout(), process.stderr()


def assert_uninitialised(server):
    status = server.api.call("GET", "sys/seal-status", status=200)
    assert (status["initialized"], status["sealed"]) == (False, True)


@pytest.mark.parametrize("kind", ["coffer"])  # the reference words its position differently
def test_hcl_syntax_error_names_file_line_and_column(launcher, tmp_path, kind):
    config = tmp_path / "broken.hcl"
    config.write_text(
        'storage "inmem" {}\n'
        "disable_mlock = true\n"
        'default_lease_ttl = = "1h"\n'
        f'listener "tcp" {{\n  address = "127.0.0.1:{free_port()}"\n  tls_disable = true\n}}\n')
    status, _, stderr = exit_of(launcher, kind, tmp_path, [f"-config={config}"])
    assert status != 0
    assert re.search(r"broken\.hcl:3:\d+", stderr), f"stderr does not point at broken.hcl:3:<column>:\n{stderr}"


@pytest.mark.parametrize("kind", ["coffer"])  # the reference words its position differently
def test_json_syntax_error_names_file_line_and_column(launcher, tmp_path, kind):
    config = tmp_path / "broken.json"
    config.write_text('{\n  "storage": {"inmem": {}},\n  "disable_mlock": true,,\n  "ui": false\n}\n')
    status, _, stderr = exit_of(launcher, kind, tmp_path, [f"-config={config}"])
    assert status != 0
    assert "broken.json:3:25: invalid JSON" in stderr, f"stderr does not point at broken.json:3:25:\n{stderr}"


@pytest.mark.parametrize("kind", SERVERS)
def test_unknown_storage_type_is_named(launcher, tmp_path, kind):
    config = server_config(kind, free_port())
    config["storage"] = {"floppydisk": {}}
    path = write_config(tmp_path / "server.hcl", config)
    status, stdout, stderr = exit_of(launcher, kind, tmp_path, [f"-config={path}"])
    assert status != 0
    assert "floppydisk" in stdout + stderr, f"the message does not name the storage type:\n{stdout}{stderr}"


@pytest.mark.parametrize("kind", SERVERS)
def test_json_config_with_persistent_storage(launcher, tmp_path, kind):
    port = free_port()
    datadir = tmp_path / "data"
    datadir.mkdir()
    path = write_config(tmp_path / "server.json", server_config(kind, port, datadir))
    server = launcher.start(kind, tmp_path, [f"-config={path}"], port)
    assert_uninitialised(server)
    init = server.api.call("PUT", "sys/init", {"secret_shares": 1, "secret_threshold": 1}, status=200)
    assert server.api.call("PUT", "sys/unseal", {"key": init["keys"][0]}, status=200)["sealed"] is False
    assert any(datadir.iterdir()), f"the storage path {datadir} in the JSON config holds nothing"


@pytest.mark.parametrize("kind", SERVERS)
def test_config_directory_of_two_files(launcher, tmp_path, kind):
    port = free_port()
    config = server_config(kind, port)
    directory = tmp_path / "config.d"
    directory.mkdir()
    write_config(directory / "storage.hcl", {"storage": config["storage"], "disable_mlock": True})
    write_config(directory / "listener.json", {"listener": config["listener"]})
    (directory / "notes.txt").write_text("not a config file { = \n")
    server = launcher.start(kind, tmp_path, [f"-config={directory}"], port)
    assert_uninitialised(server)


@pytest.mark.parametrize("kind", SERVERS)
def test_config_flag_given_twice(launcher, tmp_path, kind):
    port = free_port()
    config = server_config(kind, port)
    storage = write_config(tmp_path / "storage.hcl", {"storage": config["storage"], "disable_mlock": True})
    listener = write_config(tmp_path / "listener.hcl", {"listener": config["listener"]})
    server = launcher.start(kind, tmp_path, [f"-config={storage}", f"-config={listener}"], port)
    assert_uninitialised(server)


@pytest.mark.parametrize("kind", SERVERS)
def test_legacy_backend_block(launcher, tmp_path, kind):
    port = free_port()
    path = tmp_path / "server.hcl"
    path.write_text(hcl_text(server_config(kind, port), block_word="backend"))
    assert 'backend "inmem"' in path.read_text()
    server = launcher.start(kind, tmp_path, [f"-config={path}"], port)
    assert_uninitialised(server)


def strict_config(tmp_path, extra_top="", extra_listener=""):
    """An HCL config with in-memory storage and a plain listener, plus the given lines."""
    path = tmp_path / "strict.hcl"
    path.write_text(
        'storage "inmem" {}\n'
        f'listener "tcp" {{\n  address = "127.0.0.1:{free_port()}"\n  tls_disable = true\n{extra_listener}}}\n'
        f"{extra_top}")
    return path


@pytest.mark.parametrize("extra, where, named", [
    ({"extra_listener": '  proxy_protocol_behavior = "use_always"\n'}, "strict.hcl:5:3", "proxy_protocol_behavior"),
    ({"extra_listener": "  telemetry {\n    unauthenticated_metrics_access = true\n  }\n"}, "strict.hcl:5:3",
     "telemetry"),
    ({"extra_top": 'seal "transit" {\n  address = "https://127.0.0.1:8200"\n}\n'}, "strict.hcl:6:1", "seal"),
    ({"extra_top": "telemetry {\n  unauthenticated_metrics_access = true\n}\n"}, "strict.hcl:6:1", "telemetry"),
    ({"extra_top": 'ha_storage "raft" {\n  path = "/tmp"\n}\n'}, "strict.hcl:6:1", "ha_storage"),
], ids=["listener-key", "listener-telemetry", "seal", "telemetry", "ha_storage"])
def test_setting_not_honoured_is_an_error_naming_its_position(launcher, tmp_path, extra, where, named):
    status, _, stderr = exit_of(launcher, "coffer", tmp_path, [f"-config={strict_config(tmp_path, **extra)}"])
    assert status != 0
    assert where in stderr and named in stderr, f"stderr does not name {named} at {where}:\n{stderr}"


def test_json_setting_not_honoured_names_file_and_key(launcher, tmp_path):
    config = server_config("coffer", free_port())
    config["listener"]["tcp"]["x_forwarded_for_authorized_addrs"] = "10.0.0.0/8"
    path = write_config(tmp_path / "strict.json", config)
    status, _, stderr = exit_of(launcher, "coffer", tmp_path, [f"-config={path}"])
    assert status != 0
    assert "strict.json" in stderr and "x_forwarded_for_authorized_addrs" in stderr, stderr


@pytest.mark.parametrize("kind", SERVERS)
def test_settings_without_security_effect_are_accepted(launcher, tmp_path, kind):
    port = free_port()
    config = server_config(kind, port)
    config["listener"]["tcp"].update(cluster_address=f"127.0.0.1:{free_port()}", tls_prefer_server_cipher_suites=True)
    config.update(ui=True, cluster_addr=f"https://127.0.0.1:{free_port()}", pid_file=str(tmp_path / "server.pid"),
                  disable_cache=True, log_format="standard", plugin_directory=str(tmp_path))
    path = write_config(tmp_path / "server.hcl", config)
    assert_uninitialised(launcher.start(kind, tmp_path, [f"-config={path}"], port))
