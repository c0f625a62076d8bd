"""JSON requests to the servers on 127.0.0.1 (never through a proxy from the environment), and
free loopback ports for them."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

# Never let a proxy from the environment see these requests.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


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
