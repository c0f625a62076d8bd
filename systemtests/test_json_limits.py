"""Request bodies past the reference's JSON complexity limits (1000 strings, keys included; an
estimated 32.5 MiB of memory) are refused before any token is checked, with the reference's status
and message, and a body of the largest size made of tiny arrays is refused quickly and cheaply."""

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

COMPLEX = "refused JSON input due to high complexity: "
MEMORY_LIMIT = 32 * 1024 * 1024 + 512 * 1024
# A number costs 24 estimated bytes; `{"a":[` costs 88 + 33 + 40.
NUMBERS_THAT_FIT = (MEMORY_LIMIT - 88 - 33 - 40) // 24
MAX_REQUEST_SIZE = 32 * 1024 * 1024


def array_of(element, count):
    return b'{"a":[' + b",".join([element] * count) + b"]}"


def keys(count):
    return b"{" + b",".join(b'"k%d":1' % i for i in range(count)) + b"}"


def post(server, body):
    """POSTs `body` as is, without a token; (status, errors)."""
    address = urlsplit(server.address)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request("POST", "/v1/secret/data/x", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    return response.status, json.loads(text).get("errors", []) if text else []


def vm(server, field):
    with open(f"/proc/{server.process.process.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":")) // 1024


@pytest.mark.parametrize("body", [
    array_of(b'"s"', 999), keys(1000), array_of(b"1", NUMBERS_THAT_FIT),
], ids=["1000-strings", "1000-keys", "memory-at-limit"])
def test_bodies_within_the_limits_reach_the_token_check(dev_server, body):
    assert post(dev_server, body) == (403, ["permission denied"])


@pytest.mark.parametrize("body, reason", [
    (array_of(b'"s"', 1000), "exceeded maximum number of strings"),
    (keys(1001), "exceeded maximum number of strings"),
    (array_of(b"1", NUMBERS_THAT_FIT + 1), "exceeded maximum estimated memory limits"),
], ids=["1001-strings", "1001-keys", "memory-past-limit"])
def test_bodies_past_the_limits_are_refused_as_too_complex(dev_server, body, reason):
    assert post(dev_server, body) == (400, [COMPLEX + reason])


def test_nesting_past_both_servers_bounds_is_refused_as_too_deep(dev_server):
    body = b'{"a":' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    assert post(dev_server, body) == (400, ["failed to decode JSON input: exceeded max depth"])


def test_a_largest_body_of_tiny_arrays_is_refused_quickly_and_cheaply(dev_server):
    count = (MAX_REQUEST_SIZE - len(array_of(b"", 0))) // 3
    body = array_of(b"[]", count)
    assert len(body) <= MAX_REQUEST_SIZE
    before = vm(dev_server, "VmRSS")
    started = time.monotonic()
    assert post(dev_server, body) == (400, [COMPLEX + "exceeded maximum estimated memory limits"])
    took = time.monotonic() - started
    assert took < 2, f"refused after {took:.2f}s"
    if dev_server.kind == "coffer":
        peak = vm(dev_server, "VmHWM") - before
        assert peak < 100, f"peak RSS {peak} MiB above the {before} MiB before the request"
