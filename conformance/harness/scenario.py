"""Scenario files: loading, validation and execution against a running server."""

import json
import re
import time
from pathlib import Path

import requests
import yaml

from .matching import ABSENT, match
from .servers import MODES

SCENARIO_KEYS = {"description", "server", "config", "token", "steps"}
STEP_KEYS = {"name", "method", "path", "token", "headers", "body", "raw_body", "padded_body", "expect", "save",
             "eventually"}
EXPECT_KEYS = {"status", "headers", "body", "text", "exact"}
METHODS = {"GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "LIST"}
NO_TOKEN = "none"

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SAVE_PATH = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class ScenarioError(Exception):
    """The scenario file itself is wrong."""


class StepFailure(Exception):
    """A response did not match its expectation."""


class Scenario:
    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.stem
        try:
            doc = yaml.safe_load(self.path.read_text())
        except yaml.YAMLError as e:
            raise ScenarioError(f"{self.path}: {e}") from e
        if not isinstance(doc, dict):
            raise ScenarioError(f"{self.path}: top level must be a mapping")
        _check_keys(doc, SCENARIO_KEYS, self.path.name)
        self.mode = doc.get("server")
        if self.mode not in MODES:
            raise ScenarioError(f"{self.path.name}: `server` must be one of {MODES}")
        self.config = doc.get("config")
        if self.config is not None and not isinstance(self.config, str):
            raise ScenarioError(f"{self.path.name}: `config` must be the text of an HCL file")
        self.default_token = doc.get("token", NO_TOKEN)
        self.steps = doc.get("steps") or []
        if not isinstance(self.steps, list) or not self.steps:
            raise ScenarioError(f"{self.path.name}: `steps` must be a non-empty list")
        for i, step in enumerate(self.steps):
            _check_step(step, f"{self.path.name} step {i + 1}")

    def run(self, address, workdir=""):
        """Run every step against the server at `address`; raise StepFailure on the first mismatch.
        `${workdir}` names the server's temporary directory (for files such as an audit log)."""
        variables = {"workdir": str(workdir)}
        with requests.Session() as session:
            for i, step in enumerate(self.steps):
                label = f"step {i + 1} ({step['name']})"
                deadline = time.monotonic() + step.get("eventually", 0)
                while True:
                    try:
                        _run_step(session, address, step, variables, label, self.default_token)
                        break
                    except StepFailure:
                        if time.monotonic() >= deadline:
                            raise
                        time.sleep(0.1)


def _check_keys(mapping, allowed, where):
    unknown = set(mapping) - allowed
    if unknown:
        raise ScenarioError(f"{where}: unknown keys {sorted(unknown)}")


def _check_step(step, where):
    if not isinstance(step, dict):
        raise ScenarioError(f"{where}: a step must be a mapping")
    _check_keys(step, STEP_KEYS, where)
    if not isinstance(step.get("eventually", 0), (int, float)) or step.get("eventually", 0) < 0:
        raise ScenarioError(f"{where}: `eventually` must be a number of seconds")
    for key in ("name", "method", "path", "expect"):
        if key not in step:
            raise ScenarioError(f"{where}: `{key}` is required")
    if step["method"] not in METHODS:
        raise ScenarioError(f"{where}: method must be one of {sorted(METHODS)}")
    if sum(k in step for k in ("body", "raw_body", "padded_body")) > 1:
        raise ScenarioError(f"{where}: use only one of body, raw_body, padded_body")
    expect = step["expect"]
    if not isinstance(expect, dict) or "status" not in expect:
        raise ScenarioError(f"{where}: `expect` must be a mapping with a `status`")
    _check_keys(expect, EXPECT_KEYS, where + " expect")
    if "body" in expect and "text" in expect:
        raise ScenarioError(f"{where}: expect either `body` or `text`, not both")


def _substitute(value, variables):
    """Replace ${name} in strings; a string that is exactly ${name} takes the variable's value and type."""
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        if whole:
            return _lookup_var(whole.group(1), variables)
        return _VAR.sub(lambda m: str(_lookup_var(m.group(1), variables)), value)
    if isinstance(value, dict):
        return {_substitute(k, variables): _substitute(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, variables) for v in value]
    return value


def _lookup_var(name, variables):
    if name not in variables:
        raise ScenarioError(f"variable ${{{name}}} used before it was saved")
    return variables[name]


def _extract(document, path):
    """Follow a save path such as `keys[0]` or `data.keys[1]` into a JSON document."""
    value = document
    for key, index in _SAVE_PATH.findall(path):
        try:
            value = value[int(index)] if index else value[key]
        except (KeyError, IndexError, TypeError):
            raise StepFailure(f"cannot save `{path}`: not present in the response") from None
    return value


def _padded_json(size):
    """A JSON object of exactly `size` bytes: {"data":"xxx..."}."""
    frame = '{"data":""}'
    if size < len(frame):
        raise ScenarioError(f"padded_body must be at least {len(frame)} bytes")
    return '{"data":"' + "x" * (size - len(frame)) + '"}'


def _run_step(session, address, step, variables, label, default_token):
    step = dict(step, **{k: _substitute(step[k], variables)
                         for k in ("path", "token", "headers", "body", "raw_body", "expect") if k in step})
    path = step["path"]
    url = address + (path if path.startswith("/") else "/v1/" + path)
    headers = {str(k): str(v) for k, v in (step.get("headers") or {}).items()}
    token = step.get("token", default_token)
    if token != NO_TOKEN:
        headers["X-Vault-Token"] = str(token)
    if "body" in step:
        data = json.dumps(step["body"])
    elif "padded_body" in step:
        data = _padded_json(step["padded_body"])
    else:
        data = step.get("raw_body")

    request_line = f"{step['method']} {url}"
    try:
        response = session.request(step["method"], url, headers=headers, data=data, timeout=60,
                                   allow_redirects=False)
    except requests.RequestException as e:
        raise StepFailure(f"{label}: {request_line}\n  request failed: {e}") from None

    expect = step["expect"]
    problems = []
    if response.status_code != expect["status"]:
        problems.append(f"status: expected {expect['status']}, got {response.status_code}")
    for name, want in (expect.get("headers") or {}).items():
        got = response.headers.get(name)
        if got is not None:
            problems.extend(match(want, got, f"header {name}"))
        elif want != ABSENT:
            problems.append(f"header {name}: missing (expected {want!r})")
    document = None
    if "text" in expect and response.text != expect["text"]:
        problems.append(f"text: expected {expect['text']!r}, got {response.text[:300]!r}")
    if "body" in expect or "save" in step:
        try:
            document = response.json()
        except ValueError:
            problems.append(f"body: not JSON: {response.text[:300]!r}")
    if "body" in expect and document is not None:
        problems.extend(match(expect["body"], document, "body", expect.get("exact", False)))

    if problems:
        raise StepFailure(f"{label}: {request_line}\n" + "".join(f"  - {p}\n" for p in problems)
                          + f"  response {response.status_code}: {response.text[:1500]}")

    for var, path in (step.get("save") or {}).items():
        variables[var] = _extract(document, path)
