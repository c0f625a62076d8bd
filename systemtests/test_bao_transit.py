"""The `bao` CLI's walk-through of transit against a dev server of each kind: enable the engine,
create a key, encrypt and decrypt, rotate and rewrap, read and list keys, sign and verify. Both
servers must give the same answers, apart from the random ciphertexts and keys.
"""

import base64

import pytest

from support import Bao, describe, ok, parse_list, parse_table


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture(scope="module")
def transit(dev_server, tmp_path_factory):
    """`transit/` on the module's dev server, enabled with the CLI."""
    bao = Bao(dev_server, tmp_path_factory.mktemp(f"transit-{dev_server.kind}"))
    assert ok(bao("secrets", "enable", "transit")).strip() == \
        "Success! Enabled the transit secrets engine at: transit/"
    return "transit"


def test_encrypt_decrypt_rotate_rewrap(bao, transit):
    assert parse_table(ok(bao("write", "-f", "transit/keys/orders")))["type"] == "aes256-gcm96"
    sealed = bao.json("write", "transit/encrypt/orders", f"plaintext={b64('card 4111')}")["data"]
    assert sealed["ciphertext"].startswith("vault:v1:") and sealed["key_version"] == 1

    table = parse_table(ok(bao("write", "transit/decrypt/orders", f"ciphertext={sealed['ciphertext']}")))
    assert base64.b64decode(table["plaintext"]).decode() == "card 4111"

    ok(bao("write", "-f", "transit/keys/orders/rotate"))
    rewrapped = bao.json("write", "transit/rewrap/orders", f"ciphertext={sealed['ciphertext']}")["data"]
    assert rewrapped["ciphertext"].startswith("vault:v2:") and rewrapped["key_version"] == 2
    field = ok(bao("write", "-field=plaintext", "transit/decrypt/orders", f"ciphertext={rewrapped['ciphertext']}"))
    assert base64.b64decode(field).decode() == "card 4111"

    key = bao.json("read", "transit/keys/orders")["data"]
    assert (key["type"], key["latest_version"], sorted(key["keys"])) == ("aes256-gcm96", 2, ["1", "2"])
    assert "orders" in parse_list(ok(bao("list", "transit/keys")))


def test_sign_and_verify(bao, transit):
    ok(bao("write", "transit/keys/releases", "type=ed25519"))
    signed = bao.json("write", "transit/sign/releases", f"input={b64('v1.2.3')}")["data"]
    valid = bao.json("write", "transit/verify/releases", f"input={b64('v1.2.3')}", f"signature={signed['signature']}")
    assert valid["data"]["valid"] is True
    forged = bao.json("write", "transit/verify/releases", f"input={b64('v6.6.6')}", f"signature={signed['signature']}")
    assert forged["data"]["valid"] is False


def test_errors_reach_the_cli(bao, transit):
    result = bao("write", "transit/decrypt/missing", "ciphertext=vault:v1:AAAA")
    assert result.returncode == 2, describe(result)
    assert "Code: 400" in result.stderr and "encryption key not found" in result.stderr
