"""The generated cases of the differential ACL test (`test_acl_differential.py`): seeded policy
sets, operations and raw request targets, with the names and endpoints they draw from."""

import json
import os
import posixpath
import random
from dataclasses import dataclass, field
from urllib.parse import unquote

CASES = int(os.environ.get("ACL_DIFF_CASES", "1000"))
SEED = int(os.environ.get("ACL_DIFF_SEED", "20261207"))
THREADS = int(os.environ.get("ACL_DIFF_THREADS", "8"))
CASES_PER_TOKEN = 25
EXAMPLES_PER_CATEGORY = 4

KV_NAMES = ["a", "b", "admin", "public", "a+b", "*"]
NAMES = KV_NAMES + [f"{first}/{second}" for first in ("a", "admin", "public") for second in ("a", "b", "admin", "+")]
POLICY_NAMES = ["a", "b", "admin", "public"]
KEY_NAMES = ["a", "b", "admin", "public"]
SEED_POLICY = 'path "unused/*" { capabilities = ["read"] }\n'
CAPABILITIES = ["create", "read", "update", "delete", "list", "patch", "sudo"]

# The capability an operation needs, as the reference's capabilities answer names it.
NEEDS = {"read": {"read"}, "list": {"list"}, "write": {"create", "update"}, "delete": {"delete"}}


@dataclass(frozen=True)
class Endpoint:
    """Request paths `template` filled with one of `names` (None: the template is the path)."""

    template: str
    names: tuple
    operations: tuple
    body: dict = None

    def path(self, name):
        return self.template if name is None else self.template.format(name)


ENDPOINTS = [
    Endpoint("secret/data/{}", tuple(NAMES), ("read", "write", "delete"), {"data": {"v": "1"}}),
    Endpoint("secret/metadata/{}", tuple(NAMES), ("read", "list", "delete")),
    Endpoint("kv/{}", tuple(NAMES), ("read", "list", "write", "delete"), {"v": "1"}),
    Endpoint("cubbyhole/{}", tuple(KV_NAMES), ("read", "list", "write", "delete"), {"v": "1"}),
    Endpoint("sys/policy/{}", tuple(POLICY_NAMES), ("read", "write", "delete"), {"policy": SEED_POLICY}),
    Endpoint("sys/policies/acl/{}", tuple(POLICY_NAMES), ("read", "write", "delete"), {"policy": SEED_POLICY}),
    Endpoint("transit/encrypt/{}", tuple(KEY_NAMES), ("write",), {"plaintext": "aGk="}),
    Endpoint("transit/keys/{}", tuple(KEY_NAMES), ("read",)),
    Endpoint("sys/auth/{}/tune", ("token", "a"), ("read",)),
    Endpoint("sys/auth/{}", ("a", "admin"), ("delete",)),
    Endpoint("sys/remount", (None,), ("write",), {}),
    Endpoint("auth/token/accessors", (None,), ("list",)),
    Endpoint("auth/token/revoke-orphan", (None,), ("write",), {}),
    Endpoint("auth/token/lookup-self", (None,), ("read",)),
]


@dataclass
class Case:
    """One request of one token: `operation` on canonical `path`, sent as `method target`."""

    token_index: int
    operation: str
    path: str
    method: str
    target: str
    mutations: tuple
    body: dict = None

    @property
    def reached(self):
        """The path the request reaches, as the ACL sees it ('' for none)."""
        decoded = unquote(self.target.partition("?")[0].removeprefix("/v1/")).lstrip("/")
        if not decoded:
            return ""
        cleaned = posixpath.normpath(decoded)
        if cleaned in (".", "..") or cleaned.startswith("../"):
            return ""
        if decoded.endswith("/") or self.operation == "list":
            cleaned += "/"
        return cleaned

    @property
    def sent(self):
        """The target's path decoded, as a client would name it to `sys/capabilities-self`."""
        return unquote(self.target.partition("?")[0].removeprefix("/v1/"))


@dataclass
class PolicySet:
    """The policies of one token, as (name, rules) with rules as (path, capabilities)."""

    policies: list
    tokens: dict = field(default_factory=dict)

    def describe(self):
        return " | ".join(f"{path} {','.join(caps)}" for _, rules in self.policies for path, caps in rules)


def rule_path(rng, path):
    """A policy path that may match `path`: exact, exact with `/`, a `*` glob cut anywhere, or with a
    `+` for one segment (sometimes followed by `*`). Both servers refuse `+*`, so it is not made."""
    segments = path.split("/")
    kind = rng.random()
    if kind < 0.3:
        chosen = path
    elif kind < 0.4:
        chosen = path + "/"
    elif kind < 0.75:
        chosen = path[:rng.randint(0, len(path))] + "*"
    else:
        index = rng.randrange(len(segments))
        chosen = "/".join(segments[:index] + ["+"] + segments[index + 1:]) + ("*" if rng.random() < 0.3 else "")
    return chosen.replace("+*", "+")


def random_capabilities(rng):
    if rng.random() < 0.2:
        return ["deny"]
    chosen = [cap for cap in CAPABILITIES if rng.random() < (0.6 if cap != "sudo" else 0.35)]
    return chosen or [rng.choice(CAPABILITIES)]


def random_policy(rng):
    """Rules as (path, capabilities), and the (endpoint, name) pairs they were made for."""
    rules, sources = {}, []
    for _ in range(rng.randint(1, 4)):
        endpoint = rng.choice(ENDPOINTS)
        name = rng.choice(endpoint.names)
        rules[rule_path(rng, endpoint.path(name))] = random_capabilities(rng)
        sources.append((endpoint, name))
    return list(rules.items()), sources


def encode_char(rng, character):
    code = f"{ord(character):02x}"
    return "%" + (code.upper() if rng.random() < 0.5 else code)


def mutate(rng, kind, target):
    """`target` (a path without `/v1/`, maybe already mutated) changed in one way."""
    segments = target.split("/")
    slot = rng.randint(1, len(segments)) if len(segments) > 1 else 1
    if kind == "empty segment":
        inner = rng.randint(1, len(segments) - 1) if len(segments) > 1 else 0
        return "/".join(segments[:inner] + [""] + segments[inner:])
    if kind == "leading slash":
        return "/" + target
    if kind == "trailing slash":
        return target + "/"
    if kind == "dot segment":
        return "/".join(segments[:slot] + ["."] + segments[slot:])
    if kind == "dot-dot segment":
        return "/".join(segments[:slot] + ["zz", ".."] + segments[slot:])
    if kind == "trailing dots":
        return target + rng.choice(["/.", "/.."])
    if kind == "encoded dot":
        return "/".join(segments[:slot] + [rng.choice(["%2e", "%2E"])] + segments[slot:])
    if kind == "encoded dot-dot":
        return "/".join(segments[:slot] + ["zz", rng.choice(["%2e%2e", "%2E%2e", ".%2e"])] + segments[slot:])
    if kind == "encoded slash":
        slashes = [i for i, c in enumerate(target) if c == "/"]
        if not slashes or rng.random() < 0.3:
            return target + rng.choice(["%2F", "%2f"])
        at = rng.choice(slashes)
        return target[:at] + rng.choice(["%2F", "%2f"]) + target[at + 1:]
    if kind == "encoded character":
        escaped = {i + offset for i, c in enumerate(target) if c == "%" for offset in (1, 2)}
        plain = [i for i, c in enumerate(target) if (c.isalpha() or c in "+*") and i not in escaped]
        at = rng.choice(plain)
        return target[:at] + encode_char(rng, target[at]) + target[at + 1:]
    if kind == "nul":
        return target + "%00" if rng.random() < 0.5 else "/".join(segments[:slot] + ["%00"] + segments[slot:])
    raise ValueError(kind)


MUTATIONS = ["empty segment", "leading slash", "trailing slash", "dot segment", "dot-dot segment", "trailing dots",
             "encoded dot", "encoded dot-dot", "encoded slash", "encoded character", "nul"]


def random_case(rng, token_index, sources):
    """A request of token `token_index`, mostly on a path its policies were made for (`sources`)."""
    if rng.random() < 0.7:
        endpoint, name = rng.choice(sources)
    else:
        endpoint = rng.choice(ENDPOINTS)
        name = rng.choice(endpoint.names)
    operation = rng.choice(endpoint.operations)
    path = endpoint.path(name)
    target, mutations = path, []
    if rng.random() < 0.55:
        for _ in range(1 if rng.random() < 0.8 else 2):
            kind = rng.choice(MUTATIONS)
            mutations.append(kind)
            target = mutate(rng, kind, target)
    target = "/v1/" + target
    method = {"read": "GET", "delete": "DELETE", "write": rng.choice(["POST", "PUT"]),
              "list": rng.choice(["LIST", "GET"])}[operation]
    if operation == "list" and method == "GET":
        target += "?list=true"
        mutations.append("?list=true")
    body = endpoint.body if operation == "write" else None
    return Case(token_index, operation, path, method, target, tuple(mutations), body)


def generate(count, seed):
    """The policy sets and cases of a run: the same for the same count and seed."""
    rng = random.Random(seed)
    token_count = max(1, -(-count // CASES_PER_TOKEN))
    pool = [(f"diff-{index}", *random_policy(rng)) for index in range(max(4, token_count))]
    chosen = [rng.sample(pool, rng.randint(1, 3)) for _ in range(token_count)]
    policy_sets = [PolicySet([(name, rules) for name, rules, _ in policies]) for policies in chosen]
    cases = []
    for index in range(count):
        token_index = index % token_count
        sources = [source for _, _, made_for in chosen[token_index] for source in made_for]
        cases.append(random_case(rng, token_index, sources))
    return policy_sets, cases


def hcl(rules):
    return "".join(f'path "{path}" {{ capabilities = {json.dumps(caps)} }}\n' for path, caps in rules)
