"""Non-canonical request paths never get past a deny: empty segments, trailing slashes, dot segments,
percent-encoded slashes, dots and NUL bytes, sent byte for byte (clients like `requests` and curl
would normalise them away).

A token may do everything under `secret/*` but `secret/data/admin` and `secret/metadata/admin` are
denied; likewise `sys/policy/*` but not `sys/policy/admin`, and `transit/*` but not
`transit/decrypt/prod`. Whatever form of the denied path it sends, it never reads the admin secret
and changes nothing: root reads everything back afterwards. The reference answers each form in one
of four ways, which both servers must give:

- `//`, `/./` or `/../` in the raw path: 307 to the cleaned path (`Location`), which is then denied;
- a segment that is `.` or `..` only after decoding (`%2e`): 400 "relative paths not supported";
- `%00`: 400;
- a write to a path ending in `/` (also `%2F`): 400 "cannot write to a path ending in '/'".

A DELETE of a path ending in `/` is a hole of the reference: it deletes the denied secret or policy
(`DELETE secret/metadata/admin/`, `DELETE sys/policy/admin/`). Those checks run on Coffer only.
"""

import base64

import pytest

from support import DEV_ROOT_TOKEN, RawClient

SECRET_MARKER = "ADMIN-SECRET-7f3a"
PLAINTEXT = base64.b64encode(b"prod plaintext 91c2").decode()

LIMITED_POLICY = """
path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "secret/data/admin" { capabilities = ["deny"] }
path "secret/metadata/admin" { capabilities = ["deny"] }
path "sys/policy/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "sys/policy/admin" { capabilities = ["deny"] }
path "sys/policies/acl/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "sys/policies/acl/admin" { capabilities = ["deny"] }
path "transit/*" { capabilities = ["create", "read", "update"] }
path "transit/decrypt/prod" { capabilities = ["deny"] }
"""

ADMIN_POLICY = 'path "admin-only/*" { capabilities = ["read"] }\n'
ROGUE_POLICY = 'path "*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }\n'

WRITE_FAILS = "cannot write to a path ending in '/'"
RELATIVE_FAILS = "relative paths not supported"


class Setup:
    """The dev server with the admin secret and policy in place, a transit key `prod` with a
    ciphertext, and clients as root and as the limited token."""

    def __init__(self, server):
        self.server = server
        self.root = RawClient(server.address, DEV_ROOT_TOKEN)
        self.root_call("PUT", "/v1/sys/policy/limited", {"policy": LIMITED_POLICY})
        self.root_call("PUT", "/v1/sys/policy/admin", {"policy": ADMIN_POLICY})
        self.root.request("DELETE", "/v1/secret/metadata/admin")
        self.root_call("PUT", "/v1/secret/data/admin", {"data": {"password": SECRET_MARKER}})
        self.root.request("POST", "/v1/sys/mounts/transit", {"type": "transit"})
        self.root_call("POST", "/v1/transit/keys/prod")
        encrypted = self.root_call("POST", "/v1/transit/encrypt/prod", {"plaintext": PLAINTEXT})
        self.ciphertext = encrypted.json()["data"]["ciphertext"]
        created = self.root_call("POST", "/v1/auth/token/create", {"policies": ["limited"]})
        self.limited = RawClient(server.address, created.json()["auth"]["client_token"])

    def root_call(self, method, target, body=None):
        response = self.root.request(method, target, body)
        assert response.status in (200, 204), f"{method} {target}: {response!r}"
        return response

    def assert_admin_secret_intact(self):
        """Root still reads version 1 of the admin secret, with its value."""
        read = self.root.request("GET", "/v1/secret/data/admin")
        assert read.status == 200, f"the admin secret is gone: {read!r}"
        data = read.json()["data"]
        assert data["data"] == {"password": SECRET_MARKER}
        assert data["metadata"]["version"] == 1, f"the admin secret was overwritten: {data['metadata']}"

    def assert_admin_policy_intact(self):
        read = self.root.request("GET", "/v1/sys/policy/admin")
        assert read.status == 200, f"policy admin is gone: {read!r}"
        assert read.json()["rules"] == ADMIN_POLICY

    def close(self):
        self.root.close()
        self.limited.close()


@pytest.fixture
def setup(dev_server):
    prepared = Setup(dev_server)
    yield prepared
    prepared.close()


def assert_answer(response, status, message=None, location=None):
    """`response` has `status`, names `message` in its errors and redirects to `location`, if given."""
    assert response.status == status, f"expected {status}, got {response!r}"
    if message is not None:
        assert message in response.json()["errors"], f"{message!r} not in {response!r}"
    if location is not None:
        assert response.location == location, f"expected Location {location}, got {response!r}"


# Raw read targets for the denied secret and what the reference answers: (status, error, Location).
# None as status: the reference answers neither 2xx nor 403 in a way worth pinning (it gives 500
# "could not find version data" for a trailing slash); only the secret must not leak.
READ_FORMS = {
    "/v1/secret//data/admin": (307, None, "/v1/secret/data/admin"),
    "/v1/secret/data//admin": (307, None, "/v1/secret/data/admin"),
    "/v1//secret/data/admin": (307, None, "/v1/secret/data/admin"),
    "/v1/secret/data/./admin": (307, None, "/v1/secret/data/admin"),
    "/v1/secret/data/x/../admin": (307, None, "/v1/secret/data/admin"),
    "/v1/secret/data/admin/.": (307, None, "/v1/secret/data/admin"),
    "/v1/secret/data/%2e/admin": (400, RELATIVE_FAILS, None),
    "/v1/secret/data/x/%2e%2e/admin": (400, RELATIVE_FAILS, None),
    "/v1/secret/data/x/%2E%2E/admin": (400, RELATIVE_FAILS, None),
    "/v1/secret/data/x/..%2fadmin": (400, RELATIVE_FAILS, None),
    "/v1/secret/data/admin%00": (400, None, None),
    "/v1/secret/data/%61dmin": (403, None, None),
    "/v1/secret%2Fdata%2Fadmin": (403, None, None),
    "/v1/secret/data/admin/": (None, None, None),
    "/v1/secret/data/admin%2F": (None, None, None),
    "/v1/secret/data/admin%2f": (None, None, None),
}


@pytest.mark.parametrize("target", READ_FORMS)
def test_no_form_of_a_denied_path_reads_the_secret(setup, target):
    status, message, location = READ_FORMS[target]
    response = setup.limited.request("GET", target)
    assert SECRET_MARKER not in response.text, f"GET {target} leaked the secret: {response!r}"
    assert not 200 <= response.status < 300, f"GET {target} was served: {response!r}"
    if status is not None:
        assert_answer(response, status, message, location)
    if location is not None:
        followed = setup.limited.request("GET", location)
        assert followed.status == 403 and SECRET_MARKER not in followed.text, f"{location}: {followed!r}"


# Raw write and delete targets of the denied secret and the reference's answers.
CHANGE_FORMS = [
    ("POST", "/v1/secret//data/admin", 307, None, "/v1/secret/data/admin"),
    ("PUT", "/v1/secret/data//admin", 307, None, "/v1/secret/data/admin"),
    ("POST", "/v1/secret/data/./admin", 307, None, "/v1/secret/data/admin"),
    ("POST", "/v1/secret/data/admin/", 400, WRITE_FAILS, None),
    ("POST", "/v1/secret/data/admin%2F", 400, WRITE_FAILS, None),
    ("POST", "/v1/secret/data/%2e/admin", 400, RELATIVE_FAILS, None),
    ("POST", "/v1/secret/data/admin%00", 400, None, None),
    ("DELETE", "/v1/secret/metadata//admin", 307, None, "/v1/secret/metadata/admin"),
    ("DELETE", "/v1/secret//metadata/admin", 307, None, "/v1/secret/metadata/admin"),
    ("DELETE", "/v1/secret/data//admin", 307, None, "/v1/secret/data/admin"),
    ("DELETE", "/v1/secret/metadata/x/../admin", 307, None, "/v1/secret/metadata/admin"),
    ("DELETE", "/v1/secret/metadata/%2e/admin", 400, RELATIVE_FAILS, None),
]


@pytest.mark.parametrize("method,target,status,message,location", CHANGE_FORMS,
                         ids=[f"{method} {target}" for method, target, *_ in CHANGE_FORMS])
def test_no_form_of_a_denied_path_overwrites_or_deletes_the_secret(setup, method, target, status, message,
                                                                   location):
    body = {"data": {"password": "overwritten"}} if method in ("POST", "PUT") else None
    response = setup.limited.request(method, target, body)
    setup.assert_admin_secret_intact()
    assert_answer(response, status, message, location)


@pytest.mark.parametrize("dev_server", ["coffer"], indirect=True)
@pytest.mark.parametrize("target", ["/v1/secret/metadata/admin/", "/v1/secret/data/admin/",
                                    "/v1/secret/metadata/admin%2F"])
def test_a_trailing_slash_delete_does_not_pass_a_deny(setup, target):
    """Coffer only: the reference deletes the denied secret here (204), a hole of its own. `secret/*`
    allows the path with the slash, so refusing it and deleting nothing (204) are both fine."""
    setup.limited.request("DELETE", target)
    setup.assert_admin_secret_intact()


POLICY_FORMS = [
    ("PUT", "/v1/sys/policy/admin/", 400, WRITE_FAILS, None),
    ("PUT", "/v1/sys/policy/admin%2F", 400, WRITE_FAILS, None),
    ("PUT", "/v1/sys/policies/acl/admin/", 400, WRITE_FAILS, None),
    ("PUT", "/v1/sys/policy//admin", 307, None, "/v1/sys/policy/admin"),
    ("POST", "/v1/sys//policy/admin", 307, None, "/v1/sys/policy/admin"),
    ("PUT", "/v1/sys/policy/%2e/admin", 400, RELATIVE_FAILS, None),
    ("DELETE", "/v1/sys/policy//admin", 307, None, "/v1/sys/policy/admin"),
]


@pytest.mark.parametrize("method,target,status,message,location", POLICY_FORMS,
                         ids=[f"{method} {target}" for method, target, *_ in POLICY_FORMS])
def test_no_form_of_a_denied_policy_path_rewrites_the_policy(setup, method, target, status, message, location):
    body = {"policy": ROGUE_POLICY} if method in ("POST", "PUT") else None
    response = setup.limited.request(method, target, body)
    setup.assert_admin_policy_intact()
    assert_answer(response, status, message, location)


@pytest.mark.parametrize("dev_server", ["coffer"], indirect=True)
@pytest.mark.parametrize("target", ["/v1/sys/policy/admin/", "/v1/sys/policies/acl/admin/"])
def test_a_trailing_slash_delete_does_not_remove_a_denied_policy(setup, target):
    """Coffer only: the reference deletes policy `admin` here although `sys/policy/admin` is denied."""
    setup.limited.request("DELETE", target)
    setup.assert_admin_policy_intact()


def test_a_plus_glob_does_not_match_an_empty_segment(setup):
    setup.root_call("PUT", "/v1/sys/policy/plus-public",
                    {"policy": 'path "secret/data/+/public" { capabilities = ["read"] }\n'})
    token = setup.root_call("POST", "/v1/auth/token/create", {"policies": ["plus-public"]}).json()["auth"]
    plus = RawClient(setup.server.address, token["client_token"])
    for name in ("public", "team/public"):
        setup.root_call("PUT", f"/v1/secret/data/{name}", {"data": {"owner": f"{name}-{SECRET_MARKER}"}})

    assert plus.request("GET", "/v1/secret/data/team/public").status == 200
    response = plus.request("GET", "/v1/secret/data//public")
    assert SECRET_MARKER not in response.text, f"secret/data//public was served: {response!r}"
    assert_answer(response, 307, location="/v1/secret/data/public")
    followed = plus.request("GET", "/v1/secret/data/public")
    assert followed.status == 403, f"secret/data/public was served: {followed!r}"
    plus.close()


TRANSIT_FORMS = [
    ("/v1/transit/decrypt/prod/", 400, WRITE_FAILS, None),
    ("/v1/transit/decrypt/prod%2F", 400, WRITE_FAILS, None),
    ("/v1/transit//decrypt/prod", 307, None, "/v1/transit/decrypt/prod"),
    ("/v1/transit/decrypt/./prod", 307, None, "/v1/transit/decrypt/prod"),
    ("/v1/transit/decrypt/%2e/prod", 400, RELATIVE_FAILS, None),
    ("/v1/transit/decrypt/prod", 403, None, None),
]


@pytest.mark.parametrize("target,status,message,location", TRANSIT_FORMS,
                         ids=[target for target, *_ in TRANSIT_FORMS])
def test_no_form_of_a_denied_decrypt_path_decrypts(setup, target, status, message, location):
    response = setup.limited.request("POST", target, {"ciphertext": setup.ciphertext})
    assert PLAINTEXT not in response.text, f"POST {target} decrypted: {response!r}"
    assert_answer(response, status, message, location)
