"""Guards of the `sys/` API: auth methods are disabled and tuned only through `sys/auth` with `sudo`,
the UI's mount list shows a token only what its policies reach, and a NUL byte in a path is a clean
client error.
"""

import re

import pytest

from support import DEV_ROOT_TOKEN, RawClient

TUNER_POLICY = """
path "sys/auth/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "sys/mounts/*" { capabilities = ["create", "read", "update", "delete", "list"] }
"""
SUDO_TUNER_POLICY = 'path "sys/auth/*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }\n'
SECRET_READER_POLICY = 'path "secret/*" { capabilities = ["read", "list"] }\n'

# What in an error message would be the server's own internals rather than an answer for a client.
INTERNALS = re.compile(r"\.swift\b|Swift\.|Fatal error|Optional\(|Error\(|NIO|Hummingbird|CoreError|"
                       r"DecodingError|0x[0-9a-f]{8}", re.IGNORECASE)


class Root:
    """Root's raw client on a dev server, with shorthands for setting it up."""

    def __init__(self, server):
        self.address = server.address
        self.client = RawClient(server.address, DEV_ROOT_TOKEN)

    def call(self, method, target, body=None):
        response = self.client.request(method, target, body)
        assert response.status in (200, 204), f"{method} {target}: {response!r}"
        return response

    def enable(self, kind, mount, engine):
        """Enables auth method or secrets engine `engine` at `mount` unless something is there."""
        table = "auth" if kind == "auth" else "mounts"
        response = self.client.request("POST", f"/v1/sys/{table}/{mount}", {"type": engine})
        assert response.status == 204 or "path is already in use" in response.text, repr(response)

    def token(self, policies, **options):
        """A client with a new token of `policies`."""
        created = self.call("POST", "/v1/auth/token/create", {"policies": policies, **options})
        return RawClient(self.address, created.json()["auth"]["client_token"])

    def auth_mounts(self):
        return set(self.call("GET", "/v1/sys/auth").json()["data"])

    def auth_tune(self, mount):
        return self.call("GET", f"/v1/sys/auth/{mount}/tune").json()["data"]


@pytest.fixture
def root(dev_server):
    return Root(dev_server)


@pytest.mark.parametrize("method", ["token", "userpass"])
def test_sys_mounts_does_not_disable_an_auth_method(root, method):
    root.enable("auth", "userpass", "userpass")
    response = root.client.request("DELETE", f"/v1/sys/mounts/auth/{method}")
    assert response.status == 400, repr(response)
    assert response.json()["errors"] == [f'cannot unmount "auth/{method}/"']
    assert f"{method}/" in root.auth_mounts()


def test_sys_mounts_does_not_enable_an_auth_path(root):
    response = root.client.request("POST", "/v1/sys/mounts/auth/sneaky", {"type": "kv"})
    assert response.status == 400 and response.json()["errors"] == ['cannot mount "auth/sneaky/"'], repr(response)
    assert "sneaky/" not in root.auth_mounts()


def test_tuning_an_auth_method_needs_sudo(root):
    root.enable("auth", "userpass", "userpass")
    before = root.auth_tune("userpass")
    root.call("PUT", "/v1/sys/policy/tuner-no-sudo", {"policy": TUNER_POLICY})
    tuner = root.token(["tuner-no-sudo"])
    for method, body in (("POST", {"default_lease_ttl": "2h"}), ("GET", None)):
        response = tuner.request(method, "/v1/sys/auth/userpass/tune", body)
        assert response.status == 403, f"{method} sys/auth/userpass/tune without sudo: {response!r}"
    assert root.auth_tune("userpass") == before

    root.call("PUT", "/v1/sys/policy/tuner-sudo", {"policy": SUDO_TUNER_POLICY})
    sudo_tuner = root.token(["tuner-sudo"])
    assert sudo_tuner.request("POST", "/v1/sys/auth/userpass/tune", {"default_lease_ttl": "2h"}).status == 204
    assert root.auth_tune("userpass")["default_lease_ttl"] == 7200


@pytest.mark.parametrize("dev_server", ["coffer"], indirect=True)
def test_sys_mounts_auth_tune_does_not_bypass_sudo(root):
    """Coffer only: the reference tunes auth methods through `sys/mounts/auth/<path>/tune` for a token
    without `sudo`, which the same change through `sys/auth/<path>/tune` needs."""
    root.enable("auth", "userpass", "userpass")
    before = root.auth_tune("userpass")
    root.call("PUT", "/v1/sys/policy/tuner-no-sudo", {"policy": TUNER_POLICY})
    tuner = root.token(["tuner-no-sudo"])
    response = tuner.request("POST", "/v1/sys/mounts/auth/userpass/tune", {"default_lease_ttl": "3h"})
    assert 400 <= response.status < 500, repr(response)
    assert root.auth_tune("userpass") == before


def test_ui_mounts_lists_only_what_the_policies_reach(root):
    root.enable("auth", "userpass", "userpass")
    root.enable("secrets", "transit", "transit")
    root.enable("secrets", "private", "kv")
    root.call("PUT", "/v1/sys/policy/secret-reader", {"policy": SECRET_READER_POLICY})

    only_secret = root.token(["secret-reader"], no_default_policy=True)
    listed = only_secret.request("GET", "/v1/sys/internal/ui/mounts")
    assert listed.status == 200, repr(listed)
    assert {kind: sorted(mounts) for kind, mounts in listed.json()["data"].items()} == \
        {"auth": [], "secret": ["secret/"]}

    with_default = root.token(["secret-reader"])
    data = with_default.request("GET", "/v1/sys/internal/ui/mounts").json()["data"]
    assert set(data["auth"]) <= {"token/"}, data["auth"]
    assert "secret/" in data["secret"] and set(data["secret"]) <= {"cubbyhole/", "identity/", "secret/", "sys/"}, \
        sorted(data["secret"])

    for mount in ("transit", "private"):
        one = only_secret.request("GET", f"/v1/sys/internal/ui/mounts/{mount}")
        assert one.status == 403, f"{mount}: {one!r}"
    assert only_secret.request("GET", "/v1/sys/internal/ui/mounts/secret").status == 200


NUL_TARGETS = [
    ("GET", "/v1/secret/data/a%00b"),
    ("PUT", "/v1/secret/data/a%00b"),
    ("GET", "/v1/sys/policy/a%00"),
    ("PUT", "/v1/sys/policy/a%00"),
    ("LIST", "/v1/secret/metadata/%00"),
    ("GET", "/v1/%00"),
    ("DELETE", "/v1/cubbyhole/%00"),
]


@pytest.mark.parametrize("method,target", NUL_TARGETS, ids=[f"{m} {t}" for m, t in NUL_TARGETS])
def test_a_nul_byte_in_a_path_is_a_client_error(dev_server, root, method, target):
    body = {"data": {"k": "v"}, "policy": 'path "x" { capabilities = ["read"] }'} if method == "PUT" else None
    response = root.client.request(method, target, body)
    assert 400 <= response.status < 500, repr(response)
    if dev_server.kind == "coffer":
        # The reference answers 400 with an empty body; Coffer keeps to Vault's error envelope.
        errors = response.json()["errors"]
        assert errors and all(isinstance(error, str) for error in errors), repr(response)
        assert not INTERNALS.search(response.text), f"internal detail in {response!r}"
    assert root.call("GET", "/v1/sys/health").json()["sealed"] is False
