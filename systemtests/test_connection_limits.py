"""Connections end: every way a client can close leaves no descriptor behind, a half-closed
connection is answered then closed, and silent, slow and idle connections are closed by the
listener's `http_*_timeout` settings (small values here, so the tests are quick)."""

import os
import select
import socket
import struct
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import SERVERS, Launcher, free_port, server_config, write_config

HEADER_TIMEOUT, READ_TIMEOUT, IDLE_TIMEOUT = 1, 2, 3
CONNECTIONS = 10_000
BATCH, CLIENTS = 50, 4
REQUEST = b"GET /v1/sys/health HTTP/1.1\r\nHost: localhost\r\n\r\n"


def start(kind, workdir, **limits):
    """A server of `kind` with the given listener settings, and the launcher that stops it."""
    port = free_port()
    config = server_config(kind, port)
    config["listener"]["tcp"].update(limits)
    path = write_config(workdir / "server.hcl", config)
    launcher = Launcher()
    return launcher, launcher.start(kind, workdir, [f"-config={path}"], port)


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory):
    """A server of each kind with short connection time limits."""
    launcher, started = start(
        request.param, tmp_path_factory.mktemp(f"limits-{request.param}"),
        http_read_header_timeout=f"{HEADER_TIMEOUT}s", http_read_timeout=f"{READ_TIMEOUT}s",
        http_idle_timeout=f"{IDLE_TIMEOUT}s")
    try:
        yield started
    finally:
        launcher.stop()


@pytest.fixture(params=SERVERS)
def default_server(request, tmp_path):
    """A server of each kind with Vault's default time limits."""
    launcher, started = start(request.param, tmp_path)
    try:
        yield started
    finally:
        launcher.stop()


def port_of(server):
    return int(server.address.rsplit(":", 1)[1])


def descriptors(server):
    return len(os.listdir(f"/proc/{server.process.process.pid}/fd"))


def read_answer(sock):
    """Reads one answer (its head and Content-Length body); the bytes read."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "closed before an answer"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed inside an answer"
        body += chunk
    return data


def wait_closed(sock, limit):
    """Seconds until the server closes `sock` (reading and dropping what it sends); None if not within `limit`."""
    start = time.monotonic()
    sock.setblocking(False)
    while True:
        left = limit - (time.monotonic() - start)
        if left <= 0:
            return None
        readable, _, _ = select.select([sock], [], [], left)
        if readable:
            try:
                if sock.recv(65536) == b"":
                    return time.monotonic() - start
            except ConnectionResetError:
                return time.monotonic() - start


def clean_close(sockets):
    for sock in sockets:
        sock.sendall(REQUEST)
    for sock in sockets:
        read_answer(sock)
        sock.close()


def close_mid_request(sockets):
    for sock in sockets:
        sock.sendall(REQUEST[:20])
        sock.close()


def close_silently(sockets):
    for sock in sockets:
        sock.close()


def half_close(sockets):
    for sock in sockets:
        sock.sendall(REQUEST)
        sock.shutdown(socket.SHUT_WR)
    for sock in sockets:
        read_answer(sock)
        assert sock.recv(1) == b"", "the server did not close a half-closed connection after answering"
        sock.close()


def reset(sockets):
    for sock in sockets:
        sock.sendall(REQUEST)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def idle_then_close(sockets):
    for sock in sockets:
        sock.sendall(REQUEST)
    for sock in sockets:
        read_answer(sock)
    time.sleep(0.05)
    for sock in sockets:
        sock.close()


CLOSES = [clean_close, close_mid_request, close_silently, half_close, reset, idle_then_close]


def settled_growth(server, before, limit=30):
    """Descriptors the server holds beyond `before`, once that is under 10 or `limit` seconds have passed."""
    deadline = time.monotonic() + limit
    while descriptors(server) - before >= 10 and time.monotonic() < deadline:
        time.sleep(0.2)
    return descriptors(server) - before


def test_no_descriptor_leaks_whichever_way_clients_close(default_server):
    server = default_server
    port = port_of(server)
    clean_close([socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(BATCH)])
    time.sleep(0.5)
    before = descriptors(server)
    growth = {}

    def batch(close):
        close([socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(BATCH)])

    with ThreadPoolExecutor(CLIENTS) as clients:
        for close in CLOSES:
            started = time.monotonic()
            list(clients.map(batch, [close] * (CONNECTIONS // BATCH)))
            growth[close.__name__] = (settled_growth(server, before), round(time.monotonic() - started, 1))
            assert growth[close.__name__][0] < 10, f"(descriptors grown, seconds) after {CONNECTIONS} each: {growth}"


def test_half_closed_connection_is_answered_then_closed(server):
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        sock.sendall(REQUEST + REQUEST)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 ") and data.count(b"HTTP/1.1 ") == 2, f"not two answers:\n{data}"


@pytest.mark.parametrize("sent, limit", [
    (b"", HEADER_TIMEOUT),
    (REQUEST[:25], HEADER_TIMEOUT),
    (b"PUT /v1/cubbyhole/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"a\"", READ_TIMEOUT),
], ids=["silent", "slow-header", "slow-body"])
def test_slow_connections_are_closed_at_their_limit(server, sent, limit):
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        sock.sendall(sent)
        closed_after = wait_closed(sock, limit + 5)
    assert closed_after is not None, f"still open {limit + 5}s later"
    assert limit * 0.8 <= closed_after <= limit + 1.5, f"closed after {closed_after:.1f}s, limit {limit}s"


def test_idle_keep_alive_connection_is_closed_at_the_idle_limit(server):
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        sock.sendall(REQUEST)
        read_answer(sock)
        closed_after = wait_closed(sock, IDLE_TIMEOUT + 5)
    assert closed_after is not None
    assert IDLE_TIMEOUT * 0.8 <= closed_after <= IDLE_TIMEOUT + 1.5, f"closed after {closed_after:.1f}s"


def test_a_request_sent_slowly_within_the_limits_is_answered(server):
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        for start in range(0, len(REQUEST), 12):
            sock.sendall(REQUEST[start:start + 12])
            time.sleep(HEADER_TIMEOUT / 10)
        assert read_answer(sock).startswith(b"HTTP/1.1 ")
        time.sleep(HEADER_TIMEOUT * 1.5)
        sock.sendall(REQUEST)
        assert read_answer(sock).startswith(b"HTTP/1.1 "), "closed within the idle limit"
