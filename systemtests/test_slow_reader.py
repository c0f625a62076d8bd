"""A client that sends requests without reading the answers holds a bounded amount of the server's
memory, does not slow other clients, and is closed once its answers stop going out: with
`http_write_timeout` at its limit (both servers), and on Coffer without one at the idle limit
(the reference then keeps the connection for ever)."""

import socket
import time

import pytest

from support import SERVERS
from test_connection_limits import IDLE_TIMEOUT, REQUEST, port_of, read_answer, start

WRITE_TIMEOUT = 2
PIPELINE_SECONDS = 6
STUCK = 1
BURST = REQUEST * 2000


def rss_mib(server):
    with open(f"/proc/{server.process.process.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) // 1024


def pipeline_without_reading(port, seconds):
    """A connection with a small receive buffer, sent requests for `seconds` and never read; it stays open."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.settimeout(0.2)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            sock.send(BURST)
        except socket.timeout:
            pass
        except OSError:
            break
    return sock


def ports(sock):
    """`sock`'s connection as (client port, server port)."""
    return sock.getsockname()[1], sock.getpeername()[1]


def unsent_bytes(connection):
    """The bytes the server has written to the `connection` (client port, server port) that the
    kernel could not send yet (its `tx_queue` in /proc/net/tcp); None once the server has closed it."""
    client_port, server_port = connection
    with open("/proc/net/tcp") as table:
        for line in list(table)[1:]:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
                return int(fields[4].split(":")[0], 16) if state == "01" else None
    return None


def wait_stuck(connection, limit=60):
    """Waits until the server's answers on `connection` have stopped going out for `STUCK` seconds."""
    deadline = time.monotonic() + limit
    last, since = unsent_bytes(connection), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = unsent_bytes(connection)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= STUCK:
            return
    raise AssertionError(f"the server still wrote answers {limit}s later")


def health_seconds(port):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(REQUEST)
        assert read_answer(sock).startswith(b"HTTP/1.1 ")
    return time.monotonic() - started


def closed_within(connection, limit):
    """Seconds until the server closes `connection`, as the kernel shows it; None if not within `limit`."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if unsent_bytes(connection) is None:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


@pytest.fixture(params=SERVERS)
def server(request, tmp_path):
    launcher, started = start(request.param, tmp_path, http_idle_timeout=f"{IDLE_TIMEOUT}s",
                              http_write_timeout=f"{WRITE_TIMEOUT}s")
    try:
        yield started
    finally:
        launcher.stop()


@pytest.fixture
def coffer_without_write_limit(tmp_path):
    launcher, started = start("coffer", tmp_path, http_idle_timeout=f"{IDLE_TIMEOUT}s")
    try:
        yield started
    finally:
        launcher.stop()


def test_a_client_that_never_reads_holds_little_memory_and_slows_no_one(server):
    port = port_of(server)
    health_seconds(port)
    before = rss_mib(server)
    sock = pipeline_without_reading(port, PIPELINE_SECONDS)
    try:
        grown = rss_mib(server) - before
        slowest = max(health_seconds(port) for _ in range(5))
    finally:
        sock.close()
    assert grown < 64, f"RSS grew by {grown} MiB"
    assert slowest < 0.5, f"sys/health took {slowest:.2f}s beside the client that does not read"


def assert_stuck_connection_closed_at(server, limit):
    """A connection whose answers stop going out is closed `limit` seconds later (within a second)."""
    sock = pipeline_without_reading(port_of(server), 1)
    with sock:
        connection = ports(sock)
        wait_stuck(connection)
        closed_after = closed_within(connection, limit + 10)
    assert closed_after is not None, f"still open {limit + 10}s after its answers stopped going out"
    assert closed_after <= limit + 1, f"closed after {closed_after:.1f}s"


def test_a_connection_whose_answers_do_not_go_out_is_closed_at_the_write_limit(server):
    assert_stuck_connection_closed_at(server, WRITE_TIMEOUT)


def test_without_a_write_limit_coffer_closes_it_at_the_idle_limit(coffer_without_write_limit):
    before = rss_mib(coffer_without_write_limit)
    assert_stuck_connection_closed_at(coffer_without_write_limit, IDLE_TIMEOUT)
    assert rss_mib(coffer_without_write_limit) - before < 64
