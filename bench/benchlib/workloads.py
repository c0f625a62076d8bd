"""The workloads, one request each that wrk replays; probe checks that a server answers it as
expected, not_yet whether a failure means the feature is not in Coffer yet."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Callable

from .loopback import call, error_text
from .servers import Server
from .settings import KEYS, ONLY, PLAINTEXT, VALUE


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
    needs: tuple[str, ...] = ()  # the fixtures it uses (benchlib/fixtures.py)
    body: Callable[[dict], str] | str = ""
    token: Callable[[Server, dict], str] | None = lambda server, _ctx: server.token
    keys: int = 0
    check: Callable[[dict], bool] | None = None
    check_text: str = ""
    write: bool = False  # persists something: counted as a durable write
    expect: int | None = None  # a deliberate refusal: the status every answer must have instead of a 2xx

    def body_for(self, context: dict) -> str:
        return self.body(context) if callable(self.body) else self.body

    def token_for(self, server: Server, context: dict) -> str:
        return self.token(server, context) if self.token else ""


WORKLOADS = [
    Workload("sys/health", "GET", "/v1/sys/health", token=None),
    Workload("KV v1 read", "GET", "/v1/kv1/bench/read", needs=("kv1",), check=has("data", "value"),
             check_text="data.value"),
    Workload("KV v1 read (denied)", "GET", "/v1/kv1/bench/read", needs=("kv1", "token"), expect=403,
             token=lambda _server, ctx: ctx["lookup_token"]),
    Workload("KV v1 write", "POST", "/v1/kv1/bench/w{n}", needs=("kv1",), keys=KEYS, write=True,
             body=json.dumps({"value": VALUE, "n": "{n}"})),
    Workload("KV v2 read", "GET", "/v1/kv2/data/bench/read", needs=("kv2",), check=has("data", "metadata"),
             check_text="data.metadata (a KV v2 answer)"),
    Workload("KV v2 write", "POST", "/v1/kv2/data/bench/w{n}", needs=("kv2",), keys=KEYS, write=True,
             body=json.dumps({"data": {"value": VALUE, "n": "{n}"}}), check=has("data", "version"),
             check_text="data.version (a KV v2 answer)"),
    Workload("token create (service)", "POST", "/v1/auth/token/create", write=True,
             body=json.dumps({"policies": ["default"], "ttl": "1h"}), check=has("auth", "client_token"),
             check_text="auth.client_token"),
    Workload("token create (batch)", "POST", "/v1/auth/token/create",
             body=json.dumps({"type": "batch", "policies": ["default"], "ttl": "1h"}),
             check=lambda a: (a.get("auth") or {}).get("token_type") == "batch" and has("auth", "client_token")(a),
             check_text="auth.client_token with token_type batch"),
    Workload("token lookup-self", "GET", "/v1/auth/token/lookup-self", needs=("token",),
             token=lambda _server, ctx: ctx["lookup_token"], check=has("data", "accessor"),
             check_text="data.accessor"),
    Workload("approle login", "POST", "/v1/auth/approle/login", needs=("approle",), token=None, write=True,
             body=lambda ctx: json.dumps(ctx["approle_login"]), check=has("auth", "client_token"),
             check_text="auth.client_token"),
    Workload("transit encrypt", "POST", "/v1/transit/encrypt/bench", needs=("transit",),
             body=json.dumps({"plaintext": PLAINTEXT}), check=has("data", "ciphertext"),
             check_text="data.ciphertext"),
]
if ONLY:
    WORKLOADS = [w for w in WORKLOADS if w.name in ONLY]
    if not WORKLOADS:
        sys.exit("BENCH_WORKLOADS matches none of the workloads")

NOT_YET = (400, 404, 405)


def probe(workload: Workload, server: Server, context: dict) -> str | None:
    """None when the server answers the workload's request as expected; else why not."""
    for need in workload.needs:
        if context.get(need) is not True:
            return f"setup failed: {context.get(need)}"
    body = workload.body_for(context).replace("{n}", "probe")
    status, answer = call(server.base, workload.method, workload.path.replace("{n}", "probe"),
                          token=workload.token_for(server, context), body=json.loads(body) if body else None)
    if workload.expect and status != workload.expect:
        return f"`{workload.method} {workload.path}` → HTTP {status} where {workload.expect} is expected"
    if not workload.expect and (status >= 400 or status == 0):
        return f"`{workload.method} {workload.path}` → HTTP {status}: {error_text(answer)}"
    if workload.check and not workload.check(answer):
        return f"`{workload.method} {workload.path}` → HTTP {status} without {workload.check_text}"
    return None


def not_yet(reason: str) -> bool:
    return any(f"HTTP {code}" in reason for code in NOT_YET) or " without " in reason
