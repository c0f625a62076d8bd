"""The `bao` CLI pointed at Coffer runs the usual token lab with the same outcomes as against the reference.

Every step runs against a dev server of each kind (test ids end in [coffer] or [reference]) through
the reference CLI, with `BAO_ADDR` and `BAO_TOKEN` and nothing else of the client's environment:
use-limited, periodic, max-TTL-capped, short-lived, orphan, role and batch tokens, tuning the
token mount, and ACL policies on a KV v1 mount with `bao token capabilities`.

The tests of one module share a dev server, so each names its own policies, roles and paths;
the tuning tests change the token mount for everyone after them and get a server of their own.
"""

import time

import pytest

from support import DEV_ROOT_TOKEN, SERVERS, Bao, Launcher, describe, ok, parse_list

# A policy that lets a token create child tokens (the default policy does not).
CREATOR_POLICY = """path "auth/token/create" {
  capabilities = ["create", "update"]
}
"""

# What the policy tests grant on their KV v1 mount `labkv/`.
P1_POLICY = """# read and list one subtree of labkv, write notes of a team, nothing else
path "labkv/shared/*" {
  capabilities = ["read", "list"]
}

path "labkv/shared/private" {
  capabilities = ["deny"]
}

path "labkv/team/+/notes" {
  capabilities = ["create", "read", "update"]
}
"""

# Longest bounded wait for what the servers may do in the background (revoking a token's children).
SETTLE = 5.0


class TokenLab(Bao):
    """The `bao` CLI with the token lab's shorthands."""

    def create(self, *flags, token=DEV_ROOT_TOKEN):
        """`bao token create -format=json FLAGS`: the whole answer (its `auth` holds the new token)."""
        return self.json("token create", *flags, token=token)

    def lookup(self, token):
        """`bao token lookup -format=json TOKEN` with the root token: the token's data."""
        return self.json("token lookup", token)["data"]

    def write_policy(self, name, text):
        path = self.home / f"{name}.hcl"
        path.write_text(text)
        return self("policy", "write", name, str(path))


def fails(result, message, status=2):
    """A CLI run must exit with `status` and name `message` in its error output."""
    assert result.returncode == status, describe(result)
    assert message in result.stderr, f"{message!r} not in the error output:\n{describe(result)}"
    return result


def eventually_fails(run, message, timeout=SETTLE):
    """`run()` must fail with `message` within `timeout` seconds (revoking may finish in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        result = run()
        if result.returncode != 0 or time.monotonic() > deadline:
            return fails(result, message)
        time.sleep(0.2)


@pytest.fixture
def bao(dev_server, tmp_path):
    return TokenLab(dev_server, tmp_path)


@pytest.fixture(params=SERVERS)
def own_bao(request, tmp_path):
    """The CLI against a dev server of this test's own (for tests that change the token mount)."""
    workdir = tmp_path / "server"
    workdir.mkdir()
    started = Launcher()
    try:
        yield TokenLab(started.dev(request.param, workdir), tmp_path)
    finally:
        started.stop()


# --- use limits ---------------------------------------------------------------------------------

def test_use_limited_token_works_twice_then_is_denied(bao):
    auth = bao.create("-use-limit=2", "-policy=default")["auth"]
    token = auth["client_token"]
    assert auth["policies"] == ["default"] and auth["orphan"] is False
    for use in (1, 2):
        data = bao.json("token lookup", token=token)["data"]
        assert data["id"] == token, f"use {use}: {data}"
    fails(bao("token", "lookup", token=token), "permission denied")
    # Its last use revoked it.
    fails(bao("token", "lookup", token), "bad token")


# --- periodic tokens, max TTL ---------------------------------------------------------------------

def test_periodic_token_renews_to_its_period(bao):
    auth = bao.create("-period=30m", "-policy=default")["auth"]
    token = auth["client_token"]
    assert (auth["lease_duration"], auth["renewable"]) == (1800, True)
    assert bao.lookup(token)["period"] == 1800
    renewed = bao.json("token renew", token)["auth"]
    assert (renewed["client_token"], renewed["lease_duration"]) == (token, 1800)
    renewed = bao.json("token renew", "-increment=2h", token)["auth"]
    assert renewed["lease_duration"] == 1800
    # Renewing itself, with an increment longer than the period.
    renewed = bao.json("token renew", "-increment=2h", token=token)["auth"]
    assert renewed["lease_duration"] == 1800


def test_renewal_is_capped_by_explicit_max_ttl(bao):
    auth = bao.create("-ttl=10m", "-explicit-max-ttl=30m", "-policy=default")["auth"]
    token = auth["client_token"]
    assert auth["lease_duration"] == 600
    answer = bao.json("token renew", "-increment=1h", token)
    # The reference counts the seconds gone since creation, so 1799 is as good as 1800.
    assert 1700 <= answer["auth"]["lease_duration"] <= 1800, answer
    assert any("exceeded the effective max_ttl" in warning for warning in answer["warnings"] or []), answer
    assert bao.lookup(token)["explicit_max_ttl"] == 1800


# --- expiry -------------------------------------------------------------------------------------------

def test_short_lived_token_expires(bao):
    ttl = 5
    created_at = time.monotonic()
    auth = bao.create(f"-ttl={ttl}s", "-policy=default")["auth"]
    token = auth["client_token"]
    assert auth["lease_duration"] == ttl
    assert bao.json("token lookup", token=token)["data"]["id"] == token
    assert 0 <= bao.lookup(token)["ttl"] <= ttl
    time.sleep(max(0.0, created_at + ttl + 2 - time.monotonic()))
    fails(bao("token", "lookup", token), "bad token")
    fails(bao("token", "lookup", token=token), "permission denied")


# --- parents, children, orphans -------------------------------------------------------------------------

def test_revoking_a_parent_revokes_its_children_but_not_orphans(bao):
    ok(bao.write_policy("lab-creator", CREATOR_POLICY))
    parent = bao.create("-policy=default", "-policy=lab-creator")["auth"]
    assert sorted(parent["policies"]) == ["default", "lab-creator"]
    child = bao.create("-policy=default", token=parent["client_token"])["auth"]
    assert child["orphan"] is False
    assert bao.lookup(child["client_token"])["orphan"] is False
    orphan = bao.create("-orphan", "-policy=default")["auth"]
    assert orphan["orphan"] is True

    assert ok(bao("token", "revoke", parent["client_token"])).strip() == "Success! Revoked token (if it existed)"
    fails(bao("token", "lookup", parent["client_token"]), "bad token")
    eventually_fails(lambda: bao("token", "lookup", child["client_token"]), "bad token")
    data = bao.lookup(orphan["client_token"])
    assert (data["id"], data["orphan"]) == (orphan["client_token"], True)
    assert bao.json("token lookup", token=orphan["client_token"])["data"]["id"] == orphan["client_token"]


def test_revoke_mode_orphan_leaves_the_children(bao):
    ok(bao.write_policy("lab-creator", CREATOR_POLICY))
    parent = bao.create("-policy=default", "-policy=lab-creator")["auth"]["client_token"]
    child = bao.create("-policy=default", token=parent)["auth"]["client_token"]
    assert bao.lookup(child)["orphan"] is False

    assert ok(bao("token", "revoke", "-mode=orphan", parent)).strip() == "Success! Revoked token (if it existed)"
    fails(bao("token", "lookup", parent), "bad token")
    time.sleep(1)  # a child wrongly revoked in the background would be gone by now
    data = bao.lookup(child)
    assert (data["id"], data["orphan"]) == (child, True)
    assert bao.json("token lookup", token=child)["data"]["orphan"] is True


# --- roles --------------------------------------------------------------------------------------------

def test_role_makes_periodic_orphans_within_its_policies(bao):
    assert ok(bao("write", "auth/token/roles/r1", "allowed_policies=p1", "orphan=true", "token_period=1h")) \
        .strip() == "Success! Data written to: auth/token/roles/r1"
    role = bao.json("read", "auth/token/roles/r1")["data"]
    assert (role["name"], role["allowed_policies"], role["orphan"], role["token_period"]) == \
        ("r1", ["p1"], True, 3600)
    assert "r1" in parse_list(ok(bao("list", "auth/token/roles")))

    auth = bao.create("-role=r1")["auth"]
    assert auth["orphan"] is True
    assert sorted(auth["policies"]) == ["default", "p1"]
    assert auth["lease_duration"] == 3600 and auth["renewable"] is True
    data = bao.lookup(auth["client_token"])
    assert (data["role"], data["orphan"], data["path"]) == ("r1", True, "auth/token/create/r1")
    assert bao.json("token renew", "-increment=5h", auth["client_token"])["auth"]["lease_duration"] == 3600

    fails(bao("token", "create", "-role=r1", "-policy=p2"), "must be subset of the role's allowed policies")


# --- batch tokens -------------------------------------------------------------------------------------

def test_batch_token_is_looked_up_but_not_renewed_revoked_or_a_parent(bao):
    ok(bao.write_policy("lab-creator", CREATOR_POLICY))
    # With the creator policy, so that only its being a batch token stops it from creating children.
    auth = bao.create("-type=batch", "-policy=default", "-policy=lab-creator", "-ttl=10m")["auth"]
    token = auth["client_token"]
    # (The CLI's JSON of `auth` has no token_type; the lookup below tells the type.)
    assert (auth["renewable"], auth["accessor"], auth["lease_duration"]) == (False, "", 600)
    data = bao.lookup(token)
    assert (data["type"], data["renewable"], sorted(data["policies"])) == ("batch", False, ["default", "lab-creator"])
    assert 500 < data["ttl"] <= 600
    assert bao.json("token lookup", token=token)["data"]["type"] == "batch"

    fails(bao("token", "renew", token), "batch tokens cannot be renewed")
    fails(bao("token", "renew", token=token), "batch tokens cannot be renewed")
    fails(bao("token", "revoke", token), "batch tokens cannot be revoked")
    fails(bao("token", "create", "-policy=default", token=token), "batch tokens cannot create more tokens")
    # None of that harmed it.
    assert bao.json("token lookup", token=token)["data"]["type"] == "batch"


# --- tuning the token mount (a server of their own) -----------------------------------------------------

def test_tune_by_write_sets_the_default_token_ttl(own_bao):
    bao = own_bao
    assert bao.create("-policy=default")["auth"]["lease_duration"] == 32 * 24 * 3600
    assert ok(bao("write", "sys/auth/token/tune", "default_lease_ttl=1h")).strip() == \
        "Success! Data written to: sys/auth/token/tune"
    assert bao.json("read", "sys/auth/token/tune")["data"]["default_lease_ttl"] == 3600
    assert bao.create("-policy=default")["auth"]["lease_duration"] == 3600


def test_auth_tune_sets_the_default_token_ttl(own_bao):
    bao = own_bao
    assert ok(bao("auth", "tune", "-default-lease-ttl=1h", "token/")).strip() == \
        "Success! Tuned the auth method at: token/"
    assert bao.json("read", "sys/auth/token/tune")["data"]["default_lease_ttl"] == 3600
    assert bao.json("auth list")["token/"]["config"]["default_lease_ttl"] == 3600
    assert bao.create("-policy=default")["auth"]["lease_duration"] == 3600


# --- policies -----------------------------------------------------------------------------------------

def test_policy_write_read_list(bao):
    assert ok(bao.write_policy("p1", P1_POLICY)).strip() == "Success! Uploaded policy: p1"
    assert ok(bao("policy", "read", "p1")).strip() == P1_POLICY.strip()
    assert bao.json("policy read", "p1") == {"policy": P1_POLICY}
    listed = parse_list_lines(ok(bao("policy", "list")))
    assert {"default", "p1", "root"} <= set(listed), listed
    assert listed == sorted(listed)
    assert bao.json("policy list") == listed


def parse_list_lines(text):
    """`bao policy list` prints one name a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture
def labkv(bao):
    """A KV v1 mount `labkv/` with a few secrets and the policy p1 written (both idempotent)."""
    if "labkv/" not in bao.json("secrets list"):
        ok(bao("secrets", "enable", "-path=labkv", "-version=1", "kv"))
    for path, pair in (("shared/a", "x=1"), ("shared/private", "z=1"), ("other/b", "y=2")):
        ok(bao("write", f"labkv/{path}", pair))
    ok(bao.write_policy("p1", P1_POLICY))
    return "labkv"


def test_token_with_only_p1_reads_what_p1_grants(bao, labkv):
    auth = bao.create("-policy=p1", "-no-default-policy")["auth"]
    assert auth["policies"] == ["p1"]
    token = auth["client_token"]

    assert bao.json("read", "labkv/shared/a", token=token)["data"] == {"x": "1"}
    assert parse_list(ok(bao("list", "labkv/shared", token=token))) == ["a", "private"]
    assert ok(bao("write", "labkv/team/blue/notes", "n=1", token=token)).strip() == \
        "Success! Data written to: labkv/team/blue/notes"
    assert bao.json("read", "labkv/team/blue/notes", token=token)["data"] == {"n": "1"}

    for denied in (("read", "labkv/other/b"), ("read", "labkv/shared/private"), ("write", "labkv/shared/a", "x=2"),
                   ("write", "labkv/team/blue/deep/notes", "n=1"), ("list", "labkv/"), ("secrets", "list"),
                   ("policy", "read", "p1"), ("token", "lookup")):
        result = fails(bao(*denied, token=token), "permission denied")
        assert "Code: 403" in result.stderr, describe(result)
    # Nothing of that was written.
    assert bao.json("read", "labkv/shared/a")["data"] == {"x": "1"}


def test_token_capabilities(bao, labkv):
    token = bao.create("-policy=p1", "-no-default-policy")["auth"]["client_token"]
    expected = {
        "labkv/shared/a": ["list", "read"],
        "labkv/shared/": ["list", "read"],
        "labkv/shared": ["deny"],
        "labkv/shared/private": ["deny"],
        "labkv/team/blue/notes": ["create", "read", "update"],
        "labkv/team/blue/deep/notes": ["deny"],
        "labkv/other/b": ["deny"],
        "sys/mounts": ["deny"],
    }
    seen = {path: sorted(bao.json("token capabilities", token, path)) for path in expected}
    assert seen == expected
    assert ok(bao("token", "capabilities", token, "labkv/team/blue/notes")).strip() == "create, read, update"
    # The root token's own.
    assert bao.json("token capabilities", "labkv/anything") == ["root"]
    # A token without the default policy may not ask about itself; with it, it may.
    fails(bao("token", "capabilities", "labkv/shared/a", token=token), "permission denied")
    other = bao.create("-policy=p1")["auth"]["client_token"]
    assert sorted(bao.json("token capabilities", "labkv/shared/a", token=other)) == ["list", "read"]
