"""Coffer's `login -method=userpass|approle` and `lease lookup|renew|revoke` against a dev server of
each kind, beside the `bao` CLI on the same server: the same output shape, errors and exit codes.

Each test logs in users of its own on the module's `userpass/` mount. The lease of a login's token
is found through the API (`LIST sys/leases/lookup/auth/userpass/login/<user>/`).
"""

import json
import time

import pytest

from support import DEV_ROOT_TOKEN, binary_for, describe, ok, parse_table, run_cli

PASSWORD = "correct horse"
SETTLE = 10.0
QUEUED = "All revocation operations queued successfully!"


class Coffer:
    """`coffer` against one server, with `HOME` in the test's directory; root token unless told."""

    def __init__(self, server, home):
        self.server = server
        self.home = home

    def __call__(self, *args, token=DEV_ROOT_TOKEN):
        variables = {"COFFER_ADDR": self.server.address}
        if token:
            variables["COFFER_TOKEN"] = token
        return run_cli([binary_for("coffer"), *args], self.home, variables)

    def login(self, user, *flags):
        """`coffer login -method=userpass` as `user`, without a token of its own."""
        return self("login", "-method=userpass", *flags, f"username={user}", f"password={PASSWORD}", token=None)

    def token_of(self, user):
        """A new token of `user`, from `coffer login -token-only`."""
        return ok(self.login(user, "-token-only")).strip()


@pytest.fixture(scope="module")
def userpass(dev_server):
    """The dev server's `userpass/` mount; `userpass(name)` creates a user (default and dev policies, 30m)."""
    dev_server.api.call("POST", "sys/auth/userpass", {"type": "userpass"})

    def create(name):
        dev_server.api.call("POST", f"auth/userpass/users/{name}",
                            {"password": PASSWORD, "token_policies": "default,dev", "token_ttl": "30m"})
        return name
    return create


@pytest.fixture
def coffer(dev_server, tmp_path):
    return Coffer(dev_server, tmp_path)


def lease_of(server, user):
    """The ID of the one token lease of `user`'s logins."""
    keys = server.api.call("LIST", f"sys/leases/lookup/auth/userpass/login/{user}/", status=200)["data"]["keys"]
    assert len(keys) == 1, keys
    return f"auth/userpass/login/{user}/{keys[0]}"


def works(server, token):
    return server.api.with_token(token).request("GET", "auth/token/lookup-self").status_code == 200


def stops_working(server, token, timeout=SETTLE):
    """Whether `token` is refused within `timeout` seconds (a queued revocation takes a moment)."""
    deadline = time.monotonic() + timeout
    while works(server, token):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def same_failure(ours, theirs):
    """Coffer's run failed exactly as bao's: exit code, stdout and stderr."""
    assert theirs.returncode != 0, describe(theirs)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr), \
        f"coffer:\n{describe(ours)}\nbao:\n{describe(theirs)}"


def test_userpass_login_stores_the_token_and_prints_its_auth_block(coffer, bao, dev_server, userpass, tmp_path):
    user = userpass("ann")
    result = coffer.login(user)
    out = ok(result)
    assert out.startswith("Success! You are now authenticated."), describe(result)
    table = parse_table(out)
    assert (table["token_duration"], table["token_renewable"], table["token_meta_username"]) == \
        ("30m", "true", user), table
    assert table["token_policies"] == table["policies"] == '["default" "dev"]', table
    assert table["identity_policies"] == "[]", table
    assert (tmp_path / ".coffer-token").read_text() == table["token"]
    lookup = dev_server.api.with_token(table["token"]).call("GET", "auth/token/lookup-self", status=200)["data"]
    assert lookup["path"] == f"auth/userpass/login/{user}"

    theirs = parse_table(ok(bao("login", "-method=userpass", "-no-store", f"username={user}",
                                f"password={PASSWORD}", token="")))
    assert list(table) == list(theirs)


def test_userpass_login_as_json_keeps_nothing_with_no_store(coffer, bao, userpass, tmp_path):
    user = userpass("bob")
    result = coffer.login(user, "-format=json", "-no-store")
    answer = json.loads(ok(result))
    assert "The token was not stored" in result.stderr, describe(result)
    assert not (tmp_path / ".coffer-token").exists()
    auth = answer["auth"]
    assert (auth["lease_duration"], auth["renewable"], auth["token_policies"], auth["metadata"]) == \
        (1800, True, ["default", "dev"], {"username": user}), auth
    theirs = bao.json("login", "-method=userpass", "-no-store", f"username={user}", f"password={PASSWORD}", token="")
    assert list(answer) == list(theirs) and list(auth) == list(theirs["auth"])


def test_login_prints_one_field_or_only_the_token(coffer, dev_server, userpass):
    user = userpass("cem")
    assert ok(coffer.login(user, "-field=token_policies", "-no-store")) == "[default dev]"
    assert works(dev_server, coffer.token_of(user))


def test_a_refused_login_fails_as_bao_does(coffer, bao, userpass):
    user = userpass("dee")
    ours = coffer("login", "-method=userpass", "-no-store", f"username={user}", "password=wrong", token=None)
    theirs = bao("login", "-method=userpass", "-no-store", f"username={user}", "password=wrong", token="")
    same_failure(ours, theirs)
    assert "invalid username or password" in ours.stderr
    same_failure(coffer("login", "-method=userpass", "password=x", token=None),
                 bao("login", "-method=userpass", "password=x", token=""))


def test_a_missing_password_without_a_terminal_says_how_to_pass_it(coffer, userpass):
    result = coffer("login", "-method=userpass", f"username={userpass('eli')}", token=None)
    assert result.returncode == 2, describe(result)
    assert "no password was given and standard input is not a terminal" in result.stderr, describe(result)


def test_a_wrapped_login_is_unwrapped_before_the_token_is_kept(coffer, dev_server, userpass, tmp_path):
    user = userpass("fay")
    ok(coffer.login(user, "-wrap-ttl=5m", "-no-print"))
    token = (tmp_path / ".coffer-token").read_text()
    lookup = dev_server.api.with_token(token).call("GET", "auth/token/lookup-self", status=200)["data"]
    assert lookup["path"] == f"auth/userpass/login/{user}"
    wrapped = parse_table(ok(coffer.login(user, "-wrap-ttl=5m", "-no-store")))
    assert wrapped["wrapping_token_creation_path:"] == f"auth/userpass/login/{user}", wrapped


def test_lease_lookup_renew_and_revoke_of_a_login_token(coffer, bao, dev_server, userpass):
    user = userpass("gus")
    token = coffer.token_of(user)
    lease = lease_of(dev_server, user)

    table = parse_table(ok(coffer("lease", "lookup", lease)))
    assert (table["id"], table["path"], table["renewable"]) == (lease, f"auth/userpass/login/{user}", "true"), table
    assert list(table) == list(parse_table(ok(bao("lease", "lookup", lease))))
    data = json.loads(ok(coffer("lease", "lookup", "-format=json", lease)))["data"]
    assert data["id"] == lease and 0 < data["ttl"] <= 1800, data

    # The reference renews tokens only through auth/token/renew*; Coffer's CLI reports what it says.
    same_failure(coffer("lease", "renew", "-increment=3600", lease), bao("lease", "renew", "-increment=3600", lease))

    assert ok(coffer("lease", "revoke", lease)).strip() == QUEUED
    assert stops_working(dev_server, token)


def test_lease_revoke_prefix_revokes_every_login_under_it(coffer, dev_server, userpass):
    tokens = [coffer.token_of(userpass(name)) for name in ("hal", "ivy")]
    assert ok(coffer("lease", "revoke", "-prefix", "auth/userpass/")).strip() == QUEUED
    assert all(stops_working(dev_server, token) for token in tokens)

    user = userpass("jo")
    token = coffer.token_of(user)
    synced = ok(coffer("lease", "revoke", "-prefix", "-sync", f"auth/userpass/login/{user}/"))
    assert synced.strip() == f"Success! Revoked any leases with prefix: auth/userpass/login/{user}/"
    assert not works(dev_server, token)


def test_lease_revoke_force_prefix(coffer, dev_server, userpass):
    user = userpass("kim")
    token = coffer.token_of(user)
    result = coffer("lease", "revoke", "-force", "-prefix", "auth/userpass/")
    assert ok(result).strip() == "Success! Force revoked any leases with prefix: auth/userpass/"
    assert result.stderr.startswith("Warning! Force-removing leases"), describe(result)
    assert not works(dev_server, token)


def test_an_unknown_lease_fails_as_bao_does(coffer, bao):
    missing = "auth/userpass/login/nobody/h0123456789abcdef"
    ours = coffer("lease", "lookup", missing)
    same_failure(ours, bao("lease", "lookup", missing))
    assert ours.returncode == 2 and "invalid lease" in ours.stderr, describe(ours)
    same_failure(coffer("lease", "renew", missing), bao("lease", "renew", missing))


@pytest.mark.parametrize("args", [
    ("lookup",), ("renew",), ("revoke",), ("lookup", "a", "b"), ("renew", "a", "b"), ("revoke", "-force", "a"),
])
def test_lease_usage_errors_match_bao(coffer, bao, args):
    same_failure(coffer("lease", *args), bao("lease", *args))


def test_approle_login(coffer, bao, dev_server, tmp_path):
    dev_server.api.call("POST", "sys/auth/machines", {"type": "approle"})
    dev_server.api.call("POST", "auth/machines/role/deploy", {"token_policies": "default", "token_ttl": "20m"})
    role_id = dev_server.api.call("GET", "auth/machines/role/deploy/role-id", status=200)["data"]["role_id"]

    def secret_id():
        return dev_server.api.call("POST", "auth/machines/role/deploy/secret-id", status=200)["data"]["secret_id"]

    result = coffer("login", "-method=approle", "-path=machines", f"role_id={role_id}", f"secret_id={secret_id()}",
                    token=None)
    table = parse_table(ok(result))
    assert (table["token_duration"], table["token_policies"], table["token_meta_role_name"]) == \
        ("20m", '["default"]', "deploy"), table
    assert (tmp_path / ".coffer-token").read_text() == table["token"]
    lookup = dev_server.api.with_token(table["token"]).call("GET", "auth/token/lookup-self", status=200)["data"]
    assert lookup["path"] == "auth/machines/login"
    theirs = parse_table(ok(bao("write", "auth/machines/login", f"role_id={role_id}", f"secret_id={secret_id()}")))
    assert list(table) == list(theirs)

    answer = json.loads(ok(coffer("login", "-method=approle", "-format=json", "-no-store", f"role_id={role_id}",
                                  f"secret_id={secret_id()}", "mount=machines", token=None)))
    assert (answer["auth"]["lease_duration"], answer["auth"]["metadata"]) == (1200, {"role_name": "deploy"})

    refused = coffer("login", "-method=approle", "-path=machines", f"role_id={role_id}", "secret_id=wrong",
                     token=None)
    assert refused.returncode == 2 and refused.stderr.startswith("Error authenticating: "), describe(refused)
