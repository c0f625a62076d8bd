"""The server processes: Coffer and the reference in dev mode or with durable storage (initialised
and unsealed here), and the HTTP floor. Each is pinned to SERVER_CPU in its own process group, which
is killed when it stops; its resident memory and CPU time are read from /proc."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from .loopback import call, error_text, free_port
from .settings import BAO, COFFER, FLOOR, OUT, SERVER_CPU, log

CLK_TCK = os.sysconf("SC_CLK_TCK")

RUNNING: list["Server"] = []


class Server:
    """A server process pinned to SERVER_CPU, in its own process group, logging to a file."""

    def __init__(self, label: str, argv: list[str], port: int, logname: str):
        self.label, self.argv, self.port = label, argv, port
        self.base = f"http://127.0.0.1:{port}"
        self.logpath = os.path.join(OUT, logname)
        self.process: subprocess.Popen | None = None
        self.token = "root"
        self.unseal_key = ""
        self.store = ""  # the directory of its durable storage, if any

    def start(self) -> None:
        logfile = open(self.logpath, "wb")
        self.process = subprocess.Popen(
            ["taskset", "-c", SERVER_CPU, *self.argv], stdin=subprocess.DEVNULL, stdout=logfile,
            stderr=subprocess.STDOUT, start_new_session=True, cwd=OUT)
        logfile.close()
        RUNNING.append(self)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_listening(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.label} exited; see {self.logpath}")
            status, _ = call(self.base, "GET", "/v1/sys/health", timeout=2)
            if status:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.label} did not answer within {timeout} s; see {self.logpath}")

    def wait_active(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        status = 0
        while time.monotonic() < deadline:
            status, _ = call(self.base, "GET", "/v1/sys/health", timeout=2)
            if status == 200:
                return
            time.sleep(0.25)
        raise RuntimeError(f"{self.label} not active after {timeout} s (sys/health {status})")

    def memory_kib(self) -> dict[str, int]:
        values = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
            except ProcessLookupError:
                pass
        if self in RUNNING:
            RUNNING.remove(self)


def stop_all() -> None:
    for server in list(RUNNING):
        try:
            server.stop()
        except Exception as error:  # noqa: BLE001 - cleanup must go on
            log(f"warning: could not stop {server.label}: {error}")


def on_signal(signum, _frame) -> None:
    stop_all()
    sys.exit(128 + signum)


def init_and_unseal(server: Server) -> None:
    status, answer = call(server.base, "PUT", "/v1/sys/init", body={"secret_shares": 1, "secret_threshold": 1},
                          timeout=60)
    if status != 200:
        raise RuntimeError(f"{server.label}: sys/init {status}: {error_text(answer)}")
    key, server.token = answer["keys"][0], answer["root_token"]
    server.unseal_key = key
    status, answer = call(server.base, "PUT", "/v1/sys/unseal", body={"key": key}, timeout=60)
    if status != 200 or answer.get("sealed", True):
        raise RuntimeError(f"{server.label}: sys/unseal {status}: {error_text(answer)}")
    server.wait_active()


def dev_servers(audit_logs: str | None = None) -> tuple[Server, Server, str]:
    """Both servers in dev mode; with `audit_logs` (a directory), each also writes a `file` audit
    device there, declared in a config file (`audit "file" "bench" { … }`, accepted by both)."""
    suffix = "-audit" if audit_logs else ""
    servers = []
    for label, argv in (("Coffer", [COFFER, "server", "-dev", "-dev-root-token-id=root"]),
                        ("reference", [BAO, "server", "-dev", "-dev-root-token-id=root", "-dev-no-store-token"])):
        name = "coffer" if label == "Coffer" else "reference"
        port = free_port()
        argv = [*argv, f"-dev-listen-address=127.0.0.1:{port}"]
        if audit_logs:
            argv.append(f"-config={audit_config(audit_logs, name)}")
        servers.append(Server(label, argv, port, f"dev-{name}{suffix}.log"))
    for server in servers:
        server.start()
        server.wait_listening()
        server.wait_active()
    return servers[0], servers[1], "in memory (`-dev`)"


def audit_config(directory: str, name: str) -> str:
    """A config file declaring a `file` audit device writing to `directory`/`name`.log."""
    config = os.path.join(directory, f"{name}.hcl")
    with open(config, "w") as f:
        f.write(f'audit "file" "bench" {{\n  options {{\n    file_path = "{audit_log(directory, name)}"\n  }}\n}}\n')
    return config


def audit_log(directory: str, name: str) -> str:
    return os.path.join(directory, f"{name}.log")


def durable_servers() -> tuple[Server, Server, str]:
    data = fresh_directory("durable")
    coffer = durable_coffer(data, "durable-coffer.log")
    try:
        reference, storage = durable_reference(data, "durable-reference")
    except RuntimeError:
        coffer.stop()
        raise
    return coffer, reference, f"Coffer: SQLite (WAL, `synchronous=FULL`); reference: {storage}"


def fresh_directory(name: str) -> str:
    """An empty directory under bench/out/ for servers' data."""
    data = os.path.join(OUT, name)
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    return data


def durable_coffer(data: str, logname: str) -> Server:
    """Coffer on SQLite in `data`/coffer, started from a config file, initialised and unsealed."""
    port = free_port()
    config = os.path.join(data, "coffer.hcl")
    with open(config, "w") as f:
        f.write(f'storage "sqlite" {{\n  path = "{data}/coffer/coffer.db"\n}}\n'
                f'listener "tcp" {{\n  address = "127.0.0.1:{port}"\n  tls_disable = true\n}}\n'
                'disable_mlock = true\n')
    coffer = Server("Coffer", [COFFER, "server", f"-config={config}"], port, logname)
    coffer.store = os.path.join(data, "coffer")
    coffer.start()
    try:
        coffer.wait_listening()
        init_and_unseal(coffer)
    except RuntimeError:
        coffer.stop()
        raise
    return coffer


def durable_reference(data: str, logname: str) -> tuple[Server, str]:
    """The reference on integrated raft storage in `data` (file storage if raft does not come
    up), initialised and unsealed; and a description of its storage."""
    for kind in ("raft", "file"):
        port, cluster = free_port(), free_port()
        store = os.path.join(data, f"bao-{kind}")
        os.makedirs(store)
        config = os.path.join(data, f"bao-{kind}.hcl")
        extra = '  node_id = "n1"\n' if kind == "raft" else ""
        with open(config, "w") as f:
            f.write(f'storage "{kind}" {{\n  path = "{store}"\n{extra}}}\n'
                    f'listener "tcp" {{\n  address = "127.0.0.1:{port}"\n'
                    f'  cluster_address = "127.0.0.1:{cluster}"\n  tls_disable = true\n}}\n'
                    f'api_addr = "http://127.0.0.1:{port}"\ncluster_addr = "http://127.0.0.1:{cluster}"\n'
                    'disable_mlock = true\n')
        candidate = Server("reference", [BAO, "server", f"-config={config}"], port, f"{logname}-{kind}.log")
        candidate.store = store
        try:
            candidate.start()
            candidate.wait_listening()
            init_and_unseal(candidate)
            return candidate, ("integrated raft storage (one node, `storage \"raft\"`)" if kind == "raft"
                               else "file storage (`storage \"file\"`; raft did not come up)")
        except RuntimeError as error:
            log(f"reference with {kind} storage failed: {error}")
            candidate.stop()
    raise RuntimeError("the reference server came up with neither raft nor file storage")


def floor_server(stack: str) -> Server:
    """The HTTP floor on `stack`: `hummingbird` (its own HTTP channel) or `listener` (Coffer's)."""
    port = free_port()
    floor = Server(f"floor ({stack})", [FLOOR, str(port), stack], port, f"floor-{stack}.log")
    floor.start()
    return floor
