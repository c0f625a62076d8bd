"""`bao login -method=userpass` against a dev server of each kind: the CLI's own login flow for
people, on a user made with `bao write`. Both servers must answer alike.
"""

from support import describe, ok


def test_login_with_the_userpass_method(bao):
    assert ok(bao("auth", "enable", "userpass")).strip() == "Success! Enabled userpass auth method at: userpass/"
    ok(bao("write", "auth/userpass/users/carol", "password=correct horse", "token_policies=default", "token_ttl=30m"))

    login = bao.json("login", "-method=userpass", "-no-store", "username=carol", "password=correct horse", token="")
    auth = login["auth"]
    assert (auth["policies"], auth["metadata"], auth["lease_duration"]) == (["default"], {"username": "carol"}, 1800)
    lookup = bao.json("token lookup", token=auth["client_token"])["data"]
    assert (lookup["display_name"], lookup["path"]) == ("userpass-carol", "auth/userpass/login/carol")

    refused = bao("login", "-method=userpass", "-no-store", "username=carol", "password=wrong", token="")
    assert refused.returncode == 2 and "invalid username or password" in refused.stderr, describe(refused)
    ok(bao("auth", "disable", "userpass"))
