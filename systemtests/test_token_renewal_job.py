"""A token-renewal job as operators run one, through the `bao` CLI against a dev server of each kind.

The job's admin token is minted by root with `token create -policy kplane -ttl 768h -period 768h
-format json`. Its policy grants `sudo` on `auth/token/create`, which lets it create orphan and
periodic tokens with policies outside its own set, as the job does for the host signing token
after writing that token's policy (`PUT sys/policy/hosts-<region>`), but never a root token.
"""

from support import describe, ok

KPLANE_POLICY = """path "auth/token/create" {
  capabilities = ["create", "update", "sudo"]
}

path "sys/policy/hosts-*" {
  capabilities = ["create", "read", "update"]
}
"""

HOST_SIGNING_POLICY = """path "secret/data/hosts/region-1/*" {
  capabilities = ["read"]
}
"""


def test_admin_token_mints_the_host_signing_token(bao):
    ok(bao.write_policy("kplane", KPLANE_POLICY))
    admin = bao.json("token create", "-policy", "kplane", "-ttl", "768h", "-period", "768h")["auth"]
    assert admin["policies"] == ["default", "kplane"] and admin["lease_duration"] == 768 * 3600, admin
    admin_token = admin["client_token"]

    looked_up = bao.json("token lookup", token=admin_token)["data"]
    assert looked_up["ttl"] > 0 and looked_up["period"] == 768 * 3600, looked_up

    (bao.home / "hosts-region-1.hcl").write_text(HOST_SIGNING_POLICY)
    written = bao("write", "sys/policy/hosts-region-1", f"policy=@{bao.home / 'hosts-region-1.hcl'}",
                  token=admin_token)
    assert ok(written).strip() == "Success! Data written to: sys/policy/hosts-region-1"

    host = bao.json("token create", "-orphan", "-policy", "hosts-region-1", "-period", "24h",
                    token=admin_token)["auth"]
    assert host["policies"] == ["default", "hosts-region-1"] and host["orphan"] is True, host
    host_lookup = bao.json("token lookup", token=host["client_token"])["data"]
    assert host_lookup["ttl"] > 0 and host_lookup["orphan"] is True and host_lookup["period"] == 24 * 3600

    child = bao.json("token create", "-policy", "hosts-region-1", "-ttl", "1h", token=admin_token)["auth"]
    assert child["policies"] == ["default", "hosts-region-1"] and child["orphan"] is False, child


def test_admin_token_cannot_mint_a_root_token(bao):
    ok(bao.write_policy("kplane", KPLANE_POLICY))
    admin_token = bao.json("token create", "-policy", "kplane", "-ttl", "768h", "-period", "768h")["auth"][
        "client_token"]
    refused = bao("token", "create", "-policy", "root", "-format", "json", token=admin_token)
    assert refused.returncode == 2, describe(refused)
    assert "root tokens may not be created without parent token being root" in refused.stderr, describe(refused)
    assert "client_token" not in refused.stdout
    refused_orphan = bao("token", "create", "-orphan", "-policy", "root", token=admin_token)
    assert refused_orphan.returncode == 2, describe(refused_orphan)
    assert "root tokens may not be created without parent token being root" in refused_orphan.stderr
