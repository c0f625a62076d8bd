"""Help from the path tables, read by real clients: `bao path-help` and `coffer path-help` against
a dev server of each kind, and Coffer's OpenAPI document checked by an OpenAPI validator.
"""

import json
import re
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from support import DEV_ROOT_TOKEN, binary_for, ok, run_cli


def cli(kind, server, home):
    """`bao` or `coffer` pointed at `server` as root."""
    variables = {"BAO_ADDR": server.address, "BAO_TOKEN": DEV_ROOT_TOKEN,
                 "VAULT_ADDR": server.address, "VAULT_TOKEN": DEV_ROOT_TOKEN}
    binary = binary_for("reference" if kind == "bao" else "coffer")
    return lambda *args: run_cli([binary, *args], home, variables)


def test_path_help_on_a_path_shows_its_route_and_fields(dev_server, tmp_path):
    for kind in ("bao", "coffer"):
        text = ok(cli(kind, dev_server, tmp_path)("path-help", "sys/leases/renew"))
        assert text.startswith("Request:        leases/renew\nMatching Route: ^leases/renew"), text
        assert "## PARAMETERS" in text and "increment (duration (sec))" in text, text
        assert "lease_id (string)" in text, text


def test_path_help_on_a_mount_lists_its_paths(dev_server, tmp_path):
    for kind in ("bao", "coffer"):
        text = ok(cli(kind, dev_server, tmp_path)("path-help", "cubbyhole/"))
        assert text.startswith("## DESCRIPTION\n"), text
        assert "## PATHS" in text, text


def test_coffer_path_help_prints_json(dev_server, tmp_path):
    answer = json.loads(ok(cli("coffer", dev_server, tmp_path)("path-help", "-format=json", "sys/leases/renew")))
    assert answer["help"].startswith("Request:        leases/renew\n")
    assert answer["openapi"]["openapi"] == "3.0.2"


def test_the_openapi_document_validates(launcher, tmp_path):
    """Every engine and method Coffer has, mounted, in one document that an OpenAPI 3 validator accepts."""
    server = launcher.dev("coffer", tmp_path)
    for path, kind in (("transit", "transit"), ("kv1", "kv")):
        server.api.call("POST", f"sys/mounts/{path}", {"type": kind}, status=204)
    for kind in ("approle", "userpass"):
        server.api.call("POST", f"sys/auth/{kind}", {"type": kind}, status=204)
    document = server.api.call("GET", "sys/internal/specs/openapi", status=200)
    validate(document)
    paths = document["paths"]
    for route in ("/sys/leases/renew/{url_lease_id}", "/transit/encrypt/{name}", "/auth/approle/login",
                  "/auth/userpass/login/{username}", "/kv1/{path}", "/secret/data/{path}", "/auth/token/create"):
        assert route in paths, sorted(paths)
    assert paths["/sys/leases/lookup/"]["get"]["parameters"][0]["name"] == "list"
    assert paths["/sys/seal-status"]["x-vault-unauthenticated"] is True


# The mounts the conformance scenarios make, by their first path segment; other mounts they make
# (to move, tune or refuse them) serve no paths of their own there.
SCENARIO_MOUNTS = {
    "kv1": ("sys/mounts/kv1", {"type": "kv", "options": {"version": "1"}}),
    "kv2": ("sys/mounts/kv2", {"type": "kv", "options": {"version": "2"}}),
    "transit": ("sys/mounts/transit", {"type": "transit"}),
    "auth/userpass": ("sys/auth/userpass", {"type": "userpass"}),
    "auth/approle": ("sys/auth/approle", {"type": "approle"}),
}
BUILT_IN = ("sys", "auth/token", "cubbyhole", "secret")


def scenario_paths():
    """Every path a conformance step sends to and expects to succeed at (2xx), on a mount above."""
    scenarios = Path(__file__).resolve().parent.parent / "conformance" / "scenarios"
    found = set()
    for file in sorted(scenarios.glob("*.yaml")):
        for step in yaml.safe_load(file.read_text()).get("steps", []):
            path = re.sub(r"\$\{[^}]+\}", "x", step.get("path", "")).split("?")[0]
            status = (step.get("expect") or {}).get("status", 0)
            served = path.startswith(tuple(f"{prefix}/" for prefix in (*SCENARIO_MOUNTS, *BUILT_IN)))
            if 200 <= status < 300 and served:
                found.add((step.get("method", "GET"), path))
    return found


def test_the_openapi_document_lists_every_path_the_conformance_scenarios_use(launcher, tmp_path):
    server = launcher.dev("coffer", tmp_path)
    for path, body in SCENARIO_MOUNTS.values():
        server.api.call("POST", path, body, status=204)
    document = server.api.call("GET", "sys/internal/specs/openapi", status=200)
    # A parameter may stand for several segments, or for none at the end (`kv1/{path}` serves `kv1/`).
    templates = [re.compile("^" + re.sub(r"/\\\{[^}]+\\\}", "(/.+)?", re.escape(template.strip("/"))) + "$")
                 for template in document["paths"]]
    used = scenario_paths()
    assert len(used) > 150, len(used)
    missing = sorted(f"{method} {path}" for method, path in used
                     if not any(template.match(path.strip("/")) for template in templates))
    assert not missing, missing
