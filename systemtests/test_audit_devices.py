"""Socket and syslog audit devices on both servers: a `socket` device over TCP and over a Unix
socket delivers one JSON line per request and answer to a listener; with nothing listening it is
refused when enabled; a `syslog` device sends each line as one datagram to the local syslog
socket with the facility's priority and the tag.
"""

import json
import os
import socket
import threading

import pytest

from support import SERVERS
from test_audit_log import start


class Collector:
    """Accepts one stream connection and keeps what arrives on it."""

    def __init__(self, server_socket):
        self.server_socket = server_socket
        self.received = b""
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        connection, _ = self.server_socket.accept()
        connection.settimeout(10)
        try:
            while chunk := connection.recv(65536):
                self.received += chunk
        except OSError:
            pass

    def lines(self):
        return [json.loads(line) for line in self.received.decode().splitlines() if line.strip()]


def listening(family, address):
    server_socket = socket.socket(family, socket.SOCK_STREAM)
    server_socket.bind(address)
    server_socket.listen(4)
    return server_socket


@pytest.mark.parametrize("kind", SERVERS)
@pytest.mark.parametrize("transport", ["tcp", "unix"])
def test_a_socket_device_delivers_lines(launcher, tmp_path, kind, transport):
    _, api, _ = start(launcher, kind, tmp_path)
    if transport == "tcp":
        server_socket = listening(socket.AF_INET, ("127.0.0.1", 0))
        address = f"127.0.0.1:{server_socket.getsockname()[1]}"
    else:
        address = str(tmp_path / "audit.sock")
        server_socket = listening(socket.AF_UNIX, address)
    collector = Collector(server_socket)
    api.call("PUT", "sys/audit/sock", {"type": "socket", "options": {"address": address, "socket_type": transport}})
    api.call("PUT", "secret/data/over-socket", {"data": {"password": "never-in-plain"}})
    api.call("DELETE", "sys/audit/sock")
    collector.thread.join(10)
    server_socket.close()
    paths = [(line["type"], line["request"]["path"]) for line in collector.lines()]
    assert ("request", "secret/data/over-socket") in paths and ("response", "secret/data/over-socket") in paths
    assert b"never-in-plain" not in collector.received


@pytest.mark.parametrize("kind", SERVERS)
def test_a_socket_device_with_no_listener_is_refused(launcher, tmp_path, kind):
    _, api, _ = start(launcher, kind, tmp_path)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    response = api.request("PUT", "sys/audit/sock", {"type": "socket", "options": {"address": f"127.0.0.1:{port}"}})
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("audit backend failed test message:")
    assert "sock/" not in api.call("GET", "sys/audit")["data"]


@pytest.mark.parametrize("kind", SERVERS)
def test_a_syslog_device_sends_datagrams(launcher, tmp_path, kind):
    if os.path.exists("/dev/log"):
        pytest.skip("/dev/log belongs to this machine's syslog daemon; the test needs to own it")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind("/dev/log")
    receiver.settimeout(10)
    try:
        _, api, _ = start(launcher, kind, tmp_path)
        api.call("PUT", "sys/audit/sys", {"type": "syslog", "options": {"facility": "LOCAL0", "tag": "coffer-test"}})
        api.call("PUT", "secret/data/over-syslog", {"data": {"a": "b"}})
        datagrams = []
        while not any(b"over-syslog" in datagram for datagram in datagrams):
            datagrams.append(receiver.recv(65536))
        matching = [datagram.decode() for datagram in datagrams if b"over-syslog" in datagram]
        assert matching[0].startswith("<134>")
        header, _, body = matching[0].partition(": ")
        assert "coffer-test[" in header
        assert json.loads(body)["request"]["path"] == "secret/data/over-syslog"
        api.call("DELETE", "sys/audit/sys")
    finally:
        receiver.close()
        os.unlink("/dev/log")
