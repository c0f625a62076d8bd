"""Only a root token makes root tokens, and nobody hands out the internal `response-wrapping` policy.

A non-root token asks a token role (plain, or one allowing every policy by glob) for `root`;
userpass users and AppRole roles carry `root` in their token policies; ordinary tokens, roles and
logins ask for `response-wrapping`. Every attempt is refused with the reference's status and
message, and no token comes back.
"""

import pytest

from support import DEV_ROOT_TOKEN, RawClient

CHILD_SUBSET = "child policies must be subset of parent"
ROOT_NEEDS_ROOT_PARENT = "root tokens may not be created without parent token being root"
AUTH_METHOD_ROOT = "auth methods cannot create root tokens"
WRAPPING_POLICY = 'cannot assign policy "response-wrapping"'

ROLE_CREATOR_POLICY = """
path "auth/token/create/*" { capabilities = ["create", "update"] }
path "auth/token/create" { capabilities = ["create", "update"] }
"""
SUDO_CREATOR_POLICY = 'path "auth/token/create" { capabilities = ["create", "update", "sudo"] }\n'


class Setup:
    """The dev server with token roles `ci` and `ci-glob` and tokens that may use them."""

    def __init__(self, server):
        self.address = server.address
        self.root = RawClient(server.address, DEV_ROOT_TOKEN)
        self.call("PUT", "/v1/sys/policy/role-creator", {"policy": ROLE_CREATOR_POLICY})
        self.call("PUT", "/v1/sys/policy/sudo-creator", {"policy": SUDO_CREATOR_POLICY})
        self.call("POST", "/v1/auth/token/roles/ci", {"orphan": True, "token_period": "1h"})
        self.call("POST", "/v1/auth/token/roles/ci-glob",
                  {"orphan": True, "token_period": "1h", "allowed_policies_glob": ["*"]})
        self.role_creator = self.token_client(["role-creator"])
        self.sudo_creator = self.token_client(["sudo-creator"])

    def call(self, method, target, body=None):
        response = self.root.request(method, target, body)
        assert response.status in (200, 204), f"{method} {target}: {response!r}"
        return response

    def token_client(self, policies):
        created = self.call("POST", "/v1/auth/token/create", {"policies": policies})
        return RawClient(self.address, created.json()["auth"]["client_token"])

    def enable_auth(self, path, kind):
        response = self.root.request("POST", f"/v1/sys/auth/{path}", {"type": kind})
        assert response.status == 204 or "path is already in use" in response.text, repr(response)


@pytest.fixture
def setup(dev_server):
    return Setup(dev_server)


def assert_refused(response, message):
    """A 400 naming `message`, with no token in it."""
    assert response.status == 400, f"expected 400 {message!r}, got {response!r}"
    assert message in response.json()["errors"], f"{message!r} not in {response!r}"
    assert "client_token" not in response.text


@pytest.mark.parametrize("role,message", [("ci", CHILD_SUBSET), ("ci-glob", ROOT_NEEDS_ROOT_PARENT)])
@pytest.mark.parametrize("policies", [["root"], ["root", "default"]])
def test_a_token_role_gives_a_non_root_caller_no_root_token(setup, role, message, policies):
    response = setup.role_creator.request("POST", f"/v1/auth/token/create/{role}", {"policies": policies})
    assert_refused(response, message)


def test_sudo_on_token_create_gives_no_root_token(setup):
    response = setup.sudo_creator.request("POST", "/v1/auth/token/create", {"policies": ["root"]})
    assert_refused(response, ROOT_NEEDS_ROOT_PARENT)


def test_a_root_token_may_still_create_root_tokens_through_a_role(setup):
    response = setup.call("POST", "/v1/auth/token/create/ci", {"policies": ["root"]})
    assert response.json()["auth"]["policies"] == ["root"]


@pytest.mark.parametrize("policies", [["root"], ["default", "root"]])
def test_userpass_does_not_log_in_to_a_root_token(setup, policies):
    setup.enable_auth("userpass", "userpass")
    name = "eve-" + "-".join(policies)
    setup.call("POST", f"/v1/auth/userpass/users/{name}", {"password": "pw-31", "token_policies": policies})
    response = setup.root.request("POST", f"/v1/auth/userpass/login/{name}", {"password": "pw-31"}, token="")
    assert_refused(response, AUTH_METHOD_ROOT)


def test_approle_does_not_log_in_to_a_root_token(setup):
    setup.enable_auth("approle", "approle")
    setup.call("POST", "/v1/auth/approle/role/rooted", {"token_policies": ["root"]})
    role_id = setup.call("GET", "/v1/auth/approle/role/rooted/role-id").json()["data"]["role_id"]
    secret_id = setup.call("POST", "/v1/auth/approle/role/rooted/secret-id").json()["data"]["secret_id"]
    response = setup.root.request("POST", "/v1/auth/approle/login", {"role_id": role_id, "secret_id": secret_id},
                                  token="")
    assert_refused(response, AUTH_METHOD_ROOT)


def test_the_response_wrapping_policy_is_not_assignable(setup):
    attempts = {
        "root creates": setup.root.request("POST", "/v1/auth/token/create", {"policies": ["response-wrapping"]}),
        "root through a glob role": setup.root.request("POST", "/v1/auth/token/create/ci-glob",
                                                       {"policies": ["response-wrapping"]}),
        "sudo creator": setup.sudo_creator.request("POST", "/v1/auth/token/create",
                                                   {"policies": ["response-wrapping"]}),
        "non-root through a glob role": setup.role_creator.request("POST", "/v1/auth/token/create/ci-glob",
                                                                   {"policies": ["response-wrapping"]}),
    }
    setup.enable_auth("userpass", "userpass")
    setup.call("POST", "/v1/auth/userpass/users/wrapper",
               {"password": "pw-47", "token_policies": ["response-wrapping"]})
    attempts["userpass login"] = setup.root.request("POST", "/v1/auth/userpass/login/wrapper",
                                                    {"password": "pw-47"}, token="")
    for attempt, response in attempts.items():
        assert response.status == 400 and "client_token" not in response.text, f"{attempt}: {response!r}"
        assert WRAPPING_POLICY in response.json()["errors"], f"{attempt}: {response!r}"
