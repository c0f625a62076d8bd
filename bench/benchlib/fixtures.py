"""What the workloads need on a server before they run: mounts with a key to read, a child token,
an approle role and a transit key. A capability whose setup failed maps to its failure, so the
workloads needing it are reported rather than silently dropped."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from .loopback import call, error_text
from .servers import Server
from .settings import VALUE


@dataclass
class StepFailure:
    step: str
    status: int
    message: str

    def __str__(self) -> str:
        return f"`{self.step}` → HTTP {self.status}: {self.message}"


class StepError(Exception):
    def __init__(self, failure: StepFailure):
        super().__init__(str(failure))
        self.failure = failure


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
