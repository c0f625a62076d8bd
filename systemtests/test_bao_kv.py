"""The `bao kv` commands against a dev server of each kind: Coffer must answer them as OpenBao does.

Dev `secret/` is KV v2 on both servers; the tests still make a KV v2 mount of their own, `kv2/`, with
`bao secrets enable -path=kv2 -version=2 kv`, so that command is shown too. The tests of the module
share one dev server of each kind, so each works on a secret of its own under `kv2/`, except the
first, which writes `kv2/app` as the usual walk-through does. Covered: put (versions), get (latest,
`-version`, `-field`), patch (merge), put `-cas`, list, delete/undelete, destroy, metadata
get/put/delete, rollback with `-max-versions`, upgrading a KV v1 mount to v2 (`secrets tune
-options=version=2` and `kv enable-versioning`), and the policy pitfall: `bao kv get kv2/app`
needs read on `kv2/data/app`, not on `kv2/app`.
"""

import json
import time

import pytest

from support import Bao, describe, ok, parse_list, parse_table

# Longest bounded wait for a KV v1 mount upgraded to v2 to serve its old data as version 1
# (the reference upgrades in the background).
UPGRADE_WAIT = 15.0

# The pitfall: a path rule on the logical path, which `bao kv get` never requests on KV v2.
API_PATH_POLICY = """path "kv2/app" {
  capabilities = ["read"]
}
"""

# The rule that works: the path `bao kv get kv2/app` requests, `kv2/data/app`.
DATA_PATH_POLICY = """path "kv2/data/app" {
  capabilities = ["read"]
}
"""


def fails(result, *messages, status=2):
    """A CLI run must exit with `status` and name each of `messages` in its error output."""
    assert result.returncode == status, describe(result)
    for message in messages:
        assert message in result.stderr, f"{message!r} not in the error output:\n{describe(result)}"
    return result


@pytest.fixture(scope="module")
def kv2(dev_server, tmp_path_factory):
    """The KV v2 mount `kv2/` on the module's dev server, enabled with the CLI."""
    bao = Bao(dev_server, tmp_path_factory.mktemp(f"kv2-{dev_server.kind}"))
    assert ok(bao("secrets", "enable", "-path=kv2", "-version=2", "kv")).strip() == \
        "Success! Enabled the kv secrets engine at: kv2/"
    mount = bao.json("secrets list")["kv2/"]
    assert (mount["type"], mount["options"]) == ("kv", {"version": "2"}), mount
    return "kv2"


def history(bao, path):
    """Writes three versions of `path`: put user=alice n=1, put user=bob, patch n=2."""
    for args, version in ((("user=alice", "n=1"), 1), (("user=bob",), 2)):
        assert bao.json("kv put", path, *args)["data"]["version"] == version
    assert bao.json("kv patch", path, "n=2")["data"]["version"] == 3


def current(bao, path):
    """`bao kv get -format=json PATH`: its `data` (`data` and `metadata`)."""
    return bao.json("kv get", path)["data"]


# --- put, get, patch, check-and-set -------------------------------------------------------------

def test_put_twice_then_get_latest_and_an_old_version(bao, kv2):
    first = bao.json("kv put", "kv2/app", "user=alice", "n=1")["data"]
    assert (first["version"], first["destroyed"], first["deletion_time"]) == (1, False, "")
    table = ok(bao("kv", "put", "kv2/app", "user=bob"))
    assert "kv2/data/app" in table and parse_table(table)["version"] == "2"

    latest = current(bao, "kv2/app")
    assert latest["data"] == {"user": "bob"}
    assert latest["metadata"]["version"] == 2
    table = ok(bao("kv", "get", "kv2/app"))
    assert parse_table(table)["version"] == "2"
    assert parse_table(table.split("==== Data ====")[-1]) == {"user": "bob"}

    assert ok(bao("kv", "get", "-version=1", "-field=user", "kv2/app")) == "alice"
    old = bao.json("kv get", "-version=1", "kv2/app")["data"]
    assert (old["data"], old["metadata"]["version"]) == ({"user": "alice", "n": "1"}, 1)


def test_patch_merges_into_a_new_version(bao, kv2):
    history(bao, "kv2/patched")
    latest = current(bao, "kv2/patched")
    assert latest["data"] == {"user": "bob", "n": "2"}
    assert latest["metadata"]["version"] == 3


def test_put_with_a_stale_cas_fails(bao, kv2):
    history(bao, "kv2/cas")
    fails(bao("kv", "put", "-cas=1", "kv2/cas", "x=1"),
          "Code: 400", "check-and-set parameter did not match the current version")
    assert current(bao, "kv2/cas")["metadata"]["version"] == 3
    assert bao.json("kv put", "-cas=3", "kv2/cas", "x=1")["data"]["version"] == 4
    assert current(bao, "kv2/cas")["data"] == {"x": "1"}


# --- list ---------------------------------------------------------------------------------------

def test_list(bao, kv2):
    for name in ("one", "two", "sub/three"):
        ok(bao("kv", "put", f"kv2/listing/{name}", f"v={name}"))
    assert parse_list(ok(bao("kv", "list", "kv2/listing"))) == ["one", "sub/", "two"]
    assert bao.json("kv list", "kv2/listing/") == ["one", "sub/", "two"]
    assert "listing/" in parse_list(ok(bao("kv", "list", "kv2/")))
    assert "listing/" in bao.json("kv list", "kv2/")


# --- delete, undelete, destroy ------------------------------------------------------------------

def test_delete_then_undelete(bao, kv2):
    history(bao, "kv2/deleted")
    assert ok(bao("kv", "delete", "kv2/deleted")).strip() == \
        "Success! Data deleted (if it existed) at: kv2/data/deleted"

    # The deleted version's metadata, no data; the reference's CLI exits 0 on it.
    deleted = current(bao, "kv2/deleted")
    assert deleted["data"] is None
    assert deleted["metadata"]["version"] == 3 and deleted["metadata"]["deletion_time"] != ""
    table = ok(bao("kv", "get", "kv2/deleted"))
    assert "== Data ==" not in table and parse_table(table)["deletion_time"] != "n/a"
    # The older versions are still there.
    assert ok(bao("kv", "get", "-version=2", "-field=user", "kv2/deleted")) == "bob"

    assert ok(bao("kv", "undelete", "-versions=3", "kv2/deleted")).strip() == \
        "Success! Data written to: kv2/undelete/deleted"
    restored = current(bao, "kv2/deleted")
    assert restored["data"] == {"user": "bob", "n": "2"}
    assert (restored["metadata"]["version"], restored["metadata"]["deletion_time"]) == (3, "")


def test_destroy_shows_in_metadata(bao, kv2):
    history(bao, "kv2/destroyed")
    assert ok(bao("kv", "destroy", "-versions=1", "kv2/destroyed")).strip() == \
        "Success! Data written to: kv2/destroy/destroyed"
    gone = bao.json("kv get", "-version=1", "kv2/destroyed")["data"]
    assert gone["data"] is None and gone["metadata"]["destroyed"] is True

    metadata = bao.json("kv metadata get", "kv2/destroyed")["data"]
    assert sorted(metadata["versions"]) == ["1", "2", "3"]
    assert {version: entry["destroyed"] for version, entry in metadata["versions"].items()} == \
        {"1": True, "2": False, "3": False}
    assert (metadata["current_version"], metadata["oldest_version"], metadata["max_versions"]) == (3, 0, 0)
    assert current(bao, "kv2/destroyed")["data"] == {"user": "bob", "n": "2"}


# --- metadata, rollback -------------------------------------------------------------------------

def test_metadata_put_max_versions_then_rollback(bao, kv2):
    history(bao, "kv2/rolled")
    assert ok(bao("kv", "metadata", "put", "-max-versions=2", "kv2/rolled")).strip() == \
        "Success! Data written to: kv2/metadata/rolled"
    metadata = bao.json("kv metadata get", "kv2/rolled")["data"]
    # Setting the limit prunes nothing until the next write.
    assert (metadata["max_versions"], sorted(metadata["versions"])) == (2, ["1", "2", "3"])

    rollback = ok(bao("kv", "rollback", "-version=2", "kv2/rolled"))
    assert parse_table(rollback)["version"] == "4"
    latest = current(bao, "kv2/rolled")
    assert (latest["data"], latest["metadata"]["version"]) == ({"user": "bob"}, 4)

    metadata = bao.json("kv metadata get", "kv2/rolled")["data"]
    assert sorted(metadata["versions"]) == ["3", "4"]
    assert (metadata["current_version"], metadata["oldest_version"], metadata["max_versions"]) == (4, 3, 2)
    # Version 2, rolled back to, is gone now that only two are kept.
    result = bao("kv", "get", "-version=2", "kv2/rolled")
    assert result.returncode != 0 or "== Data ==" not in result.stdout, describe(result)


def test_metadata_delete_removes_every_version(bao, kv2):
    history(bao, "kv2/erased")
    assert ok(bao("kv", "metadata", "delete", "kv2/erased")).strip() == \
        "Success! Data deleted (if it existed) at: kv2/metadata/erased"
    fails(bao("kv", "get", "kv2/erased"), "No value found at kv2/data/erased")
    fails(bao("kv", "get", "-version=1", "kv2/erased"), "No value found at kv2/data/erased")
    fails(bao("kv", "metadata", "get", "kv2/erased"), "No value found at kv2/metadata/erased")
    assert "erased" not in bao.json("kv list", "kv2/")


# --- upgrading KV v1 to v2 ----------------------------------------------------------------------

def eventually_versioned(bao, path, timeout=UPGRADE_WAIT):
    """`bao kv get -format=json PATH`'s data once it has version metadata (bounded wait)."""
    deadline = time.monotonic() + timeout
    while True:
        result = bao("kv", "get", "-format=json", path)
        if result.returncode == 0:
            data = json.loads(result.stdout)["data"]
            if isinstance(data.get("metadata"), dict):
                return data
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} not served as KV v2 after {timeout}s:\n{describe(result)}")
        time.sleep(0.2)


@pytest.mark.parametrize("mount, upgrade", [("old", ("secrets", "tune", "-options=version=2", "{mount}")),
                                            ("oldkv", ("kv", "enable-versioning", "{mount}/"))],
                         ids=["secrets-tune", "kv-enable-versioning"])
def test_upgrade_kv_v1_to_v2_keeps_data_as_version_1(bao, mount, upgrade):
    assert ok(bao("secrets", "enable", f"-path={mount}", "kv")).strip() == \
        f"Success! Enabled the kv secrets engine at: {mount}/"
    assert ok(bao("kv", "put", f"{mount}/k", "a=1")).strip() == f"Success! Data written to: {mount}/k"
    assert bao.json("kv get", f"{mount}/k")["data"] == {"a": "1"}

    assert ok(bao(*(word.format(mount=mount) for word in upgrade))).strip() == \
        f"Success! Tuned the secrets engine at: {mount}/"
    assert bao.json("secrets list")[f"{mount}/"]["options"] == {"version": "2"}

    upgraded = eventually_versioned(bao, f"{mount}/k")
    assert upgraded["data"] == {"a": "1"}
    assert (upgraded["metadata"]["version"], upgraded["metadata"]["destroyed"]) == (1, False)
    assert ok(bao("kv", "get", "-field=a", f"{mount}/k")) == "1"
    assert bao.json("kv put", f"{mount}/k", "a=2")["data"]["version"] == 2
    assert ok(bao("kv", "get", "-version=1", "-field=a", f"{mount}/k")) == "1"


# --- the policy pitfall -------------------------------------------------------------------------

@pytest.fixture
def pitfall(bao, kv2):
    """kv2/app written, and the policies kv-api-path (read on kv2/app) and kv-data-path
    (read on kv2/data/app); idempotent."""
    ok(bao("kv", "put", "kv2/pitfall-check", "x=1"))
    if bao("kv", "get", "kv2/app").returncode != 0:
        ok(bao("kv", "put", "kv2/app", "user=alice", "n=1"))
    ok(bao.write_policy("kv-api-path", API_PATH_POLICY))
    ok(bao.write_policy("kv-data-path", DATA_PATH_POLICY))
    return ok(bao("kv", "get", "-field=user", "kv2/app"))


def token_with(bao, *flags):
    return bao.json("token create", *flags)["auth"]["client_token"]


@pytest.mark.parametrize("default", [True, False], ids=["with-default", "no-default-policy"])
def test_read_on_the_api_path_does_not_let_kv_get_read(bao, pitfall, default):
    token = token_with(bao, "-policy=kv-api-path", *(() if default else ("-no-default-policy",)))
    # Denied on the path the CLI reads, not before: the token may look the mount up.
    denied = ("Error reading kv2/data/app", "/v1/kv2/data/app", "Code: 403", "permission denied")
    fails(bao("kv", "get", "kv2/app", token=token), *denied)
    fails(bao("kv", "get", "-field=user", "kv2/app", token=token), *denied)


@pytest.mark.parametrize("default", [True, False], ids=["with-default", "no-default-policy"])
def test_read_on_the_data_path_lets_kv_get_read(bao, pitfall, default):
    token = token_with(bao, "-policy=kv-data-path", *(() if default else ("-no-default-policy",)))
    assert ok(bao("kv", "get", "-field=user", "kv2/app", token=token)) == pitfall
    answer = bao.json("kv get", "kv2/app", token=token)["data"]
    assert answer["data"]["user"] == pitfall
    # Nothing else: not the metadata, not another secret, not a write.
    fails(bao("kv", "metadata", "get", "kv2/app", token=token), "Code: 403", "permission denied")
    fails(bao("kv", "get", "kv2/pitfall-check", token=token), "Code: 403", "permission denied")
    fails(bao("kv", "put", "kv2/app", "user=mallory", token=token), "Code: 403", "permission denied")


def test_a_token_with_access_under_a_mount_may_look_it_up(dev_server, bao, pitfall):
    """What `bao kv get` asks first: `sys/internal/ui/mounts/kv2/app`, which a token may read when
    any of its policies grants something under the mount (the default policy does not name it)."""
    for policy in ("kv-data-path", "kv-api-path"):
        token = token_with(bao, f"-policy={policy}", "-no-default-policy")
        answer = dev_server.api.with_token(token).call("GET", "sys/internal/ui/mounts/kv2/app", status=200)
        assert (answer["data"]["path"], answer["data"]["type"], answer["data"]["options"]) == \
            ("kv2/", "kv", {"version": "2"}), (policy, answer)
    nothing = token_with(bao, "-policy=default")
    response = dev_server.api.with_token(nothing).request("GET", "sys/internal/ui/mounts/kv2/app")
    assert response.status_code == 403, response.text
