"""The `bao` CLI's AppRole walk-through against a dev server of each kind: enable the method, write
a role, read its role ID, issue a secret ID, log in with `bao write auth/approle/login`, use the
token, and disable the method, which revokes the token. Both servers must answer alike.
"""

from support import describe, ok, parse_table


def test_role_secret_id_login_and_disable(bao):
    assert ok(bao("auth", "enable", "approle")).strip() == "Success! Enabled approle auth method at: approle/"
    ok(bao("write", "auth/approle/role/deploy", "token_policies=default", "token_ttl=20m", "secret_id_num_uses=5"))
    role = bao.json("read", "auth/approle/role/deploy")["data"]
    assert (role["token_ttl"], role["secret_id_num_uses"], role["token_policies"]) == (1200, 5, ["default"])

    role_id = ok(bao("read", "-field=role_id", "auth/approle/role/deploy/role-id"))
    issued = bao.json("write", "-f", "auth/approle/role/deploy/secret-id")["data"]
    assert issued["secret_id_num_uses"] == 5

    table = parse_table(ok(bao("write", "auth/approle/login", f"role_id={role_id}", f"secret_id={issued['secret_id']}")))
    assert (table["token_policies"], table["token_duration"], table["token_meta_role_name"]) == \
        ('["default"]', "20m", "deploy"), table
    token = table["token"]
    lookup = bao.json("token lookup", token=token)["data"]
    assert (lookup["path"], lookup["display_name"], lookup["orphan"]) == ("auth/approle/login", "approle", True)

    accessors = bao.json("list", "auth/approle/role/deploy/secret-id")
    assert accessors == [issued["secret_id_accessor"]]
    ok(bao("auth", "disable", "approle"))
    revoked = bao("token", "lookup", token=token)
    assert revoked.returncode == 2 and "permission denied" in revoked.stderr, describe(revoked)
