"""Durations past the bound never crash the server: every field that takes a duration refuses
9223372036854775807 and 10000000000 with a 400 naming the field, -1 gets what the reference gives,
and the paths that later use a stored duration (a KV write after its metadata, an encryption after
the key's config, an AppRole login after its secret ID, renew-self after a periodic token, a
restart on persistent storage) keep answering.

The bound is 9223372036 s, the longest span of whole seconds the reference's Go `time.Duration`
holds: both servers accept it and refuse one second more. Assertions that hold for Coffer only are
marked `coffer_only` or guarded by `server.kind == "coffer"`.
"""

import pytest
import requests

from support import (SERVERS, Api, Launcher, free_port, init_with_one_share, persistent_config, server_config,
                     wait_active, write_config)

BOUND = 9223372036
HUGE = 9223372036854775807
OVER = 10000000000
TOO_LONG = [HUGE, OVER, str(OVER)]

# Every request field read as a duration, from grepping Sources for `duration("`,
# `deleteVersionAfter(` and the wrap-TTL header: (path, fields, other body fields, note).
# A note says where the reference differs:
#   "ref-ignores": the reference does not read the field there and answers 2xx whatever it holds;
#   "ref-unnamed": the reference refuses too long a value with a message that omits the field.
ENDPOINTS = [
    ("auth/token/create", ["ttl", "lease", "explicit_max_ttl", "period"], {"policies": ["default"]}, "ref-unnamed"),
    ("auth/token/create-orphan", ["ttl", "explicit_max_ttl", "period"], {"policies": ["default"]}, "ref-unnamed"),
    ("auth/token/create/tr", ["ttl", "explicit_max_ttl", "period"], {}, "ref-unnamed"),
    ("auth/token/roles/tr", ["token_period", "period", "token_explicit_max_ttl", "explicit_max_ttl"], {}, ""),
    ("auth/token/renew-self", ["increment"], {}, ""),
    ("sys/mounts/new-kv", ["config.default_lease_ttl", "config.max_lease_ttl"], {"type": "kv"}, "ref-unnamed"),
    ("sys/auth/new-up", ["config.default_lease_ttl", "config.max_lease_ttl"], {"type": "userpass"}, "ref-unnamed"),
    ("sys/mounts/secret/tune", ["default_lease_ttl", "max_lease_ttl"], {}, "ref-unnamed"),
    ("sys/auth/token/tune", ["default_lease_ttl", "max_lease_ttl"], {}, "ref-unnamed"),
    ("secret/config", ["delete_version_after"], {}, ""),
    ("secret/metadata/app/boom", ["delete_version_after"], {}, ""),
    ("kv1/item", ["ttl"], {"value": "x"}, "ref-ignores"),
    ("transit/keys/fresh", ["auto_rotate_period"], {}, ""),
    ("transit/keys/k/config", ["auto_rotate_period"], {}, ""),
    ("auth/approle/role/r", ["secret_id_ttl", "token_ttl", "token_max_ttl", "token_explicit_max_ttl",
                             "token_period", "period"], {}, ""),
    ("auth/approle/role/r/secret-id", ["ttl"], {}, ""),
    ("auth/approle/role/r/custom-secret-id", ["ttl"], {"secret_id": "chosen-secret"}, ""),
    ("auth/userpass/users/u", ["token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period"],
     {"password": "pw"}, ""),
]

# Where -1 is not always refused by the reference: (path, field) -> what happens. "both" entries
# are accepted by both servers; elsewhere Coffer refuses -1 with a 400 (coffer_only).
NEGATIVE_ACCEPTED = {
    ("secret/config", "delete_version_after"): "both: a negative value disables deletion",
    ("sys/mounts/new-kv", "config.default_lease_ttl"): "reference stores -1",
    ("sys/auth/new-up", "config.default_lease_ttl"): "reference stores -1",
    ("sys/mounts/secret/tune", "default_lease_ttl"): "reference stores -1",
    ("sys/auth/token/tune", "default_lease_ttl"): "reference stores -1",
    ("sys/mounts/secret/tune", "max_lease_ttl"): "reference stores -1 unless the default is longer",
    ("sys/auth/token/tune", "max_lease_ttl"): "reference stores -1 unless the default is longer",
    ("kv1/item", "ttl"): "reference ignores the field on write",
}

CASES = [(path, field, base, note) for path, fields, base, note in ENDPOINTS for field in fields]


def case_id(case):
    return f"{case[0]}:{case[1]}"


def body_with(base, field, value):
    body = dict(base)
    if field.startswith("config."):
        body["config"] = {field.split(".", 1)[1]: value}
    else:
        body[field] = value
    return body


def errors_of(response):
    return " ".join(response.json().get("errors", [])) if response.content else ""


def assert_up(api):
    assert api.request("GET", "sys/health").status_code == 200, "the server stopped answering"


def prepare(api):
    """The mounts, role and key the table's paths need, on a fresh server."""
    api.call("POST", "sys/mounts/transit", {"type": "transit"})
    api.call("POST", "sys/mounts/kv1", {"type": "kv"})
    api.call("POST", "sys/auth/approle", {"type": "approle"})
    api.call("POST", "sys/auth/userpass", {"type": "userpass"})
    api.call("POST", "auth/approle/role/r", {"token_policies": "default"})
    api.call("POST", "auth/token/roles/tr", {"allowed_policies": "default"})
    api.call("POST", "transit/keys/k", {})


@pytest.fixture(scope="module")
def server(dev_server):
    prepare(dev_server.api)
    return dev_server


@pytest.mark.parametrize("value", TOO_LONG, ids=["int64-max", "1e10", "1e10-string"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_too_long_is_refused_naming_the_field(server, case, value):
    path, field, base, note = case
    response = server.api.request("POST", path, body_with(base, field, value))
    if server.kind == "reference" and note == "ref-ignores":
        assert response.status_code in (200, 204), response.text
    else:
        assert response.status_code == 400, response.text
        if server.kind == "coffer" or note != "ref-unnamed":
            assert f'field "{field.split(".")[-1]}"' in errors_of(response), response.text
    assert_up(server.api)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_negative_gets_what_the_reference_gives(server, case):
    path, field, base, _ = case
    response = server.api.request("POST", path, body_with(base, field, -1))
    why = NEGATIVE_ACCEPTED.get(case[:2], "")
    if why.startswith("both"):
        expected = (200, 204)
    elif why and server.kind == "reference":
        expected = (200, 204, 400)
    else:
        expected = (400,)
    assert response.status_code in expected, response.text
    assert_up(server.api)


@pytest.mark.parametrize("value", [60.0, 1.5, 1e3, 1e20, -1e20], ids=["60.0", "1.5", "1e3", "1e20", "-1e20"])
def test_a_number_with_a_fraction_or_exponent_is_refused(server, value):
    response = server.api.request("POST", "auth/token/create", {"policies": ["default"], "ttl": value})
    assert response.status_code == 400, response.text
    assert_up(server.api)


@pytest.mark.parametrize("value", [str(HUGE), str(OVER), "2562048h"])
def test_wrap_ttl_header_too_long_is_refused(server, value):
    response = requests.get(f"{server.address}/v1/sys/internal/ui/mounts", headers={"X-Vault-Wrap-TTL": value})
    assert response.status_code == 400, response.text
    assert "X-Vault-Wrap-TTL" in errors_of(response)
    assert_up(server.api)


def test_wrap_ttl_header_negative_is_refused(server):
    response = requests.get(f"{server.address}/v1/sys/internal/ui/mounts", headers={"X-Vault-Wrap-TTL": "-1"})
    assert response.status_code == 400
    assert errors_of(response) == "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative"


def test_wrap_ttl_at_the_bound_wraps_and_unwraps(server):
    response = requests.get(f"{server.address}/v1/sys/internal/ui/mounts", headers={"X-Vault-Wrap-TTL": str(BOUND)})
    assert response.status_code == 200, response.text
    info = response.json()["wrap_info"]
    assert info["ttl"] == BOUND
    lookup = server.api.call("POST", "sys/wrapping/lookup", {"token": info["token"]}, status=200)
    assert lookup["data"]["creation_ttl"] == BOUND
    assert server.api.with_token(info["token"]).call("POST", "sys/wrapping/unwrap", status=200)


def test_kv_write_after_delete_version_after_at_the_bound(server):
    api = server.api
    api.call("POST", "secret/metadata/app/bound", {"delete_version_after": BOUND})
    written = api.call("POST", "secret/data/app/bound", {"data": {"a": 1}}, status=200)
    assert written["data"]["version"] == 1
    assert api.call("POST", "secret/data/app/bound", {"data": {"a": 2}}, status=200)["data"]["version"] == 2
    assert api.call("GET", "secret/data/app/bound", status=200)["data"]["data"] == {"a": 2}
    assert api.call("GET", "secret/metadata/app/bound", status=200)["data"]["delete_version_after"] \
        == "2562047h47m16s"


def test_transit_encrypt_after_auto_rotate_period_at_the_bound(server):
    api = server.api
    api.call("POST", "transit/keys/bounded", {})
    api.call("POST", "transit/keys/bounded/config", {"auto_rotate_period": BOUND})
    for _ in range(2):
        assert api.call("POST", "transit/encrypt/bounded", {"plaintext": "aGk="}, status=200)["data"]["ciphertext"]
    assert api.call("GET", "transit/keys/bounded", status=200)["data"]["auto_rotate_period"] == BOUND


def test_approle_login_after_secret_id_ttl_at_the_bound(server):
    api = server.api
    role_id = api.call("GET", "auth/approle/role/r/role-id", status=200)["data"]["role_id"]
    for value in TOO_LONG:
        assert api.request("POST", "auth/approle/role/r/secret-id", {"ttl": value}).status_code == 400
    issued = api.call("POST", "auth/approle/role/r/secret-id", {"ttl": BOUND}, status=200)["data"]
    # The reference silently caps a secret ID's TTL at the mount's max lease TTL (768h); Coffer keeps it.
    capped = BOUND if server.kind == "coffer" else 2764800
    assert issued["secret_id_ttl"] == capped
    for _ in range(2):
        login = api.call("POST", "auth/approle/login", {"role_id": role_id, "secret_id": issued["secret_id"]},
                         status=200)
        assert login["auth"]["client_token"]
    looked_up = api.call("POST", "auth/approle/role/r/secret-id/lookup", {"secret_id": issued["secret_id"]},
                         status=200)
    assert looked_up["data"]["secret_id_ttl"] == BOUND


def test_renew_self_of_a_periodic_token_with_explicit_max_ttl_at_the_bound(server):
    if server.kind == "reference":
        pytest.skip("coffer_only: the reference answers 500 'max TTL must be greater than zero' at the bound")
    api = server.api
    refused = api.request("POST", "auth/token/create", {"period": "1h", "explicit_max_ttl": HUGE})
    assert refused.status_code == 400
    created = api.call("POST", "auth/token/create",
                       {"policies": ["default"], "period": "1h", "explicit_max_ttl": BOUND}, status=200)
    token = api.with_token(created["auth"]["client_token"])
    for _ in range(2):
        assert token.call("POST", "auth/token/renew-self", {}, status=200)["auth"]["lease_duration"] == 3600
    assert token.call("POST", "auth/token/renew-self", {"increment": BOUND}, status=200)
    assert token.call("GET", "auth/token/lookup-self", status=200)["data"]["explicit_max_ttl"] == BOUND


@pytest.mark.parametrize("field", ["min_wrapping_ttl", "max_wrapping_ttl"])
def test_policy_wrapping_ttl_too_long_is_refused(server, field):
    for value in (f'"{OVER}"', str(OVER), f'"{HUGE}"'):
        policy = f'path "secret/*" {{ capabilities = ["read"] {field} = {value} }}'
        response = server.api.request("POST", "sys/policies/acl/wrapped", {"policy": policy})
        assert response.status_code == 400, response.text
        if server.kind == "coffer":
            assert field in errors_of(response)
    assert_up(server.api)


@pytest.mark.parametrize("kind", ["coffer"])  # coffer_only: the reference's message differs
@pytest.mark.parametrize("attribute", ["default_lease_ttl", "max_lease_ttl"])
def test_config_duration_too_long_stops_the_server_naming_it(launcher, tmp_path, kind, attribute):
    config = server_config(kind, free_port())
    config[attribute] = str(OVER)
    path = write_config(tmp_path / "server.hcl", config)
    process = launcher.spawn(kind, tmp_path, [f"-config={path}"], "refused")
    assert process.wait_exit(10) != 0
    assert attribute in process.stderr() and "longer than the maximum" in process.stderr(), process.stderr()


def store_bound_values(api):
    """Every stored duration at the bound, and what must keep working after a restart."""
    api.call("POST", "sys/mounts/secret", {"type": "kv", "options": {"version": "2"}})
    prepare(api)
    api.call("POST", "secret/metadata/app/bound", {"delete_version_after": BOUND})
    api.call("POST", "secret/config", {"delete_version_after": BOUND})
    api.call("POST", "transit/keys/k/config", {"auto_rotate_period": BOUND})
    api.call("POST", "auth/approle/role/r", {"secret_id_ttl": BOUND, "token_max_ttl": BOUND,
                                             "token_explicit_max_ttl": BOUND})
    api.call("POST", "auth/userpass/users/u", {"password": "pw", "token_explicit_max_ttl": BOUND})
    api.call("POST", "auth/token/roles/tr", {"token_explicit_max_ttl": BOUND})
    api.call("POST", "sys/mounts/kv1/tune", {"max_lease_ttl": "768h"})
    secret_id = api.call("POST", "auth/approle/role/r/secret-id", {"ttl": BOUND}, status=200)["data"]["secret_id"]
    token = api.call("POST", "auth/token/create",
                     {"policies": ["default"], "period": "1h", "explicit_max_ttl": BOUND}, status=200)
    return secret_id, token["auth"]["client_token"]


def use_stored_values(api, secret_id, token):
    assert api.call("POST", "secret/data/app/bound", {"data": {"a": 3}}, status=200)
    assert api.call("GET", "secret/metadata/app/bound", status=200)["data"]["delete_version_after"] == "2562047h47m16s"
    assert api.call("GET", "secret/config", status=200)["data"]["delete_version_after"] == "2562047h47m16s"
    assert api.call("POST", "transit/encrypt/k", {"plaintext": "aGk="}, status=200)
    assert api.call("GET", "transit/keys/k", status=200)["data"]["auto_rotate_period"] == BOUND
    role = api.call("GET", "auth/approle/role/r", status=200)["data"]
    assert (role["secret_id_ttl"], role["token_explicit_max_ttl"]) == (BOUND, BOUND)
    role_id = api.call("GET", "auth/approle/role/r/role-id", status=200)["data"]["role_id"]
    assert api.call("POST", "auth/approle/login", {"role_id": role_id, "secret_id": secret_id}, status=200)
    assert api.call("POST", "auth/userpass/login/u", {"password": "pw"}, status=200)
    assert api.call("GET", "auth/token/roles/tr", status=200)["data"]["token_explicit_max_ttl"] == BOUND
    assert api.call("GET", "sys/mounts/kv1/tune", status=200)["data"]["max_lease_ttl"] == 2764800
    assert api.with_token(token).call("POST", "auth/token/renew-self", {}, status=200)


@pytest.mark.parametrize("kind", SERVERS)
def test_stored_durations_at_the_bound_survive_a_restart(tmp_path, kind):
    """Coffer on SQLite, the reference on raft: store, kill, restart, unseal, use again."""
    config, port = persistent_config(kind, tmp_path)
    launcher = Launcher()
    try:
        first = launcher.start(kind, tmp_path, [f"-config={config}"], port, name="first")
        api, key = init_with_one_share(first.api)
        secret_id, token = store_bound_values(api)
        use_stored_values(api, secret_id, token)
        first.process.kill()

        second = launcher.start(kind, tmp_path, [f"-config={config}"], port, name="second")
        second.api.call("PUT", "sys/unseal", {"key": key}, status=200)
        api = Api(second.address, api.token)
        wait_active(api)
        use_stored_values(api, secret_id, token)
        assert_up(api)
    finally:
        launcher.stop()
