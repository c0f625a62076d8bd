"""Differential ACL test: Coffer and the reference answer the same generated requests alike.

A seeded generator (`ACL_DIFF_SEED`, default 20261207) makes `ACL_DIFF_CASES` cases (default 1,000;
use 10,000 or more for a thorough run). A case is a policy set (one token), an operation and a raw
request target. Policies are made of exact paths (with and without a trailing slash), `*` suffix
globs cut anywhere, `+` segment globs, `deny`, and random capabilities including `sudo`, on paths of
KV v1 and v2, cubbyhole, transit, `sys/policy`, `sys/policies/acl` and the root-protected
`sys/auth/<x>`, `sys/auth/<x>/tune`, `sys/remount`, `auth/token/accessors` and
`auth/token/revoke-orphan`. Targets are the canonical paths, or those paths with empty segments,
an extra leading slash, trailing slashes, `.` and `..` segments (plain and percent-encoded),
percent-encoded letters, `+`, `*` and slashes, and `%00`; lists go as `LIST` or `GET ?list=true`.

Both servers get the same seed data, policies and tokens, then every case, from parallel threads
on keep-alive connections. The data is laid out so that the order of the requests cannot change an
answer: every name a request can reach is seeded, writes store what is already there, and
deletes run after everything else.

Per case, two things are compared:

1. The real request's outcome class: `redirect` (3xx, with its `Location`), `denied` (403),
   `served` (2xx), or `refused` (any other 4xx or 5xx: 400, 404, 405 and 500 are one class,
   since which of them a refused request gets says nothing about the ACL).
2. `sys/capabilities-self` for the path the request reaches (decoded, without empty or dot
   segments, with a trailing `/` for lists as the ACL sees them), and for the decoded target as
   sent, when that differs.

A mismatch fails the test unless it falls in one of these categories, safer on Coffer's side:

- "reference serves what its own ACL denies": the reference served the request although its
  capabilities for the path reached lack what the operation needs (a DELETE with a trailing slash
  deletes a denied KV secret or policy), and Coffer did not serve it.
- "reference serves <name>/ as <name>": a GET or DELETE of `sys/policy/<name>/` (or `<name>%2F`)
  reads or deletes policy `<name>` on the reference, and a DELETE of a KV path with a trailing slash
  deletes the secret without it, even where the ACL on `<name>` is stricter than on `<name>/`;
  Coffer refuses such names or deletes nothing.
- "coffer refuses an encoded empty segment": `%2F` next to a `/` or at the start makes an empty
  segment that no redirect removes; Coffer answers 400 (its matchers never see empty segments) where the reference
  answers 403 or another refusal.
- "revoke-orphan without sudo is 403 before the body is read": `auth/token/revoke-orphan` needs
  `sudo`; the reference checks that in its handler, after the body (400 "missing token ID" for an
  empty one, else 400 "root or sudo privileges required to revoke and orphan"), Coffer with the
  other root-protected paths, before the handler (403).
- "non-canonical path string answered for the path it reaches": for a string with empty or dot
  segments, percent-encodings or a NUL, Coffer reports the capabilities of the path a request with
  that target reaches (or refuses the string), which the reference computes on the literal string
  instead (`secret/data//admin` gets `secret/*`'s rights there, while a request for it is
  redirected to the denied `secret/data/admin`).

The security mismatches are named with `SECURITY`: Coffer serves what the reference does not,
lets a request the reference denies through its ACL (to a 404 or 405 behind it), or reports
capabilities the reference does not grant on the path reached.
"""

import json
import os
import posixpath
import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import unquote

from support import DEV_ROOT_TOKEN, RawClient

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


class Target:
    """One server under comparison: seeding it, making the tokens, running the cases."""

    def __init__(self, server):
        self.server = server
        self.root = RawClient(server.address, DEV_ROOT_TOKEN)
        self.local = threading.local()
        self.clients = []
        self.lock = threading.Lock()

    def call(self, method, target, body=None):
        response = self.root.request(method, target, body)
        assert response.status in (200, 204), f"{self.server.kind}: {method} {target}: {response!r}"
        return response

    def seed(self, policy_sets):
        """The same mounts, data, policies and tokens as on the other server."""
        self.call("POST", "/v1/sys/mounts/kv", {"type": "kv"})
        self.call("POST", "/v1/sys/mounts/transit", {"type": "transit"})
        for name in NAMES:
            self.call("PUT", f"/v1/kv/{name}", {"v": "1"})
            self.call("PUT", f"/v1/secret/data/{name}", {"data": {"v": "1"}})
        for name in POLICY_NAMES:
            self.call("PUT", f"/v1/sys/policy/{name}", {"policy": SEED_POLICY})
        for name in KEY_NAMES:
            self.call("POST", f"/v1/transit/keys/{name}")
        written = set()
        for policy_set in policy_sets:
            for name, rules in policy_set.policies:
                if name not in written:
                    self.call("PUT", f"/v1/sys/policy/{name}", {"policy": hcl(rules)})
                    written.add(name)
            created = self.call("POST", "/v1/auth/token/create",
                                {"policies": [name for name, _ in policy_set.policies]})
            token = created.json()["auth"]["client_token"]
            policy_set.tokens[self.server.kind] = token
            for name in KV_NAMES:
                self.root.request("PUT", f"/v1/cubbyhole/{name}", {"v": "1"}, token=token)

    def client(self):
        if not hasattr(self.local, "client"):
            self.local.client = RawClient(self.server.address, timeout=10)
            with self.lock:
                self.clients.append(self.local.client)
        return self.local.client

    def run(self, policy_sets, cases):
        """The answers to `cases`, in order: writes and reads first, deletes last."""
        def one(case):
            token = policy_sets[case.token_index].tokens[self.server.kind]
            try:
                return self.client().request(case.method, case.target, case.body, token=token)
            except OSError as error:
                return error

        answers = {}
        with ThreadPoolExecutor(THREADS) as pool:
            for phase in (False, True):
                chosen = [index for index, case in enumerate(cases) if (case.operation == "delete") == phase]
                for index, answer in zip(chosen, pool.map(one, [cases[i] for i in chosen])):
                    answers[index] = answer
        return [answers[index] for index in range(len(cases))]

    def capabilities(self, token, paths):
        """`sys/capabilities-self` for each path: a sorted tuple, or `error <status>` if refused."""
        paths = sorted(set(paths))
        if not paths:
            return {}
        response = self.root.request("POST", "/v1/sys/capabilities-self", {"paths": paths}, token=token)
        if response.status == 200:
            data = response.json()["data"]
            if all(path in data for path in paths):
                return {path: tuple(sorted(data[path])) for path in paths}
            if len(paths) == 1:
                return {paths[0]: tuple(sorted(data["capabilities"]))}
        if len(paths) == 1:
            return {paths[0]: f"error {response.status}"}
        return {path: answer for one in paths for path, answer in self.capabilities(token, [one]).items()}

    def probe(self, policy_sets, cases):
        """Capabilities per (token index, path), for the paths reached and the strings sent."""
        wanted = defaultdict(set)
        for case in cases:
            wanted[case.token_index].update(path for path in (case.reached, case.sent) if path)
        found = {}
        for index, paths in wanted.items():
            token = policy_sets[index].tokens[self.server.kind]
            for path, answer in self.capabilities(token, paths).items():
                found[(index, path)] = answer
        return found

    def close(self):
        self.root.close()
        for client in self.clients:
            client.close()


def outcome(answer):
    """The class of an answer, as compared, and the answer in short, as reported."""
    if isinstance(answer, Exception):
        return "no answer", f"{type(answer).__name__}: {answer}"
    short = f"{answer.status}" + (f" -> {answer.location}" if answer.location else "")
    try:
        errors = answer.json().get("errors")
    except ValueError:
        errors = None
    if errors:
        short += " " + json.dumps(errors[0])[:100]
    if 300 <= answer.status < 400:
        return f"redirect {answer.location}", short
    if answer.status == 403:
        return "denied", short
    if 200 <= answer.status < 300:
        return "served", short
    return "refused", short


def granted(capabilities):
    return set() if isinstance(capabilities, str) else set(capabilities) - {"deny"}


def request_category(case, reference, coffer, reference_reached, coffer_reached):
    """The category of a mismatch between the two servers' classes for one request."""
    (ref_class, ref_short), (coffer_class, coffer_short) = reference, coffer
    ref_kind, coffer_kind = ref_class.split(" ")[0], coffer_class.split(" ")[0]
    allowed = NEEDS[case.operation] & granted(reference_reached)
    if coffer_kind == "served":
        return f"SECURITY coffer serves what the reference answers {ref_kind}"
    if ref_kind == "denied" and coffer_short.startswith(("404", "405")):
        if NEEDS[case.operation] & granted(coffer_reached) and not NEEDS[case.operation] & granted(reference_reached):
            return "SECURITY coffer's ACL lets through what the reference denies (404/405 behind it)"
        return "reference denies, coffer answers 404/405 before its ACL"
    if ref_kind == "served" and not allowed:
        return "accepted: reference serves what its own ACL denies"
    if ref_kind == "served" and case.operation != "list" and case.sent.endswith("/"):
        return "accepted: reference serves <name>/ as <name>"
    empty_segment = "//" in case.sent or case.sent.startswith("/")
    if coffer_short.startswith("400") and empty_segment and ref_kind in ("denied", "refused"):
        return "accepted: coffer refuses an encoded empty segment"
    if case.path == "auth/token/revoke-orphan" and ref_kind == "refused" and coffer_kind == "denied":
        return "accepted: revoke-orphan without sudo is 403 before the body is read"
    if ref_kind == "refused" and not ref_short.startswith("404") and coffer_kind == "denied" and not allowed:
        return "reference refuses the request before its ACL, coffer denies it"
    if ref_kind == coffer_kind:
        return f"reference and coffer {ref_kind} differently"
    if coffer_kind == "denied" and allowed:
        return f"reference {ref_kind}, coffer denies what the reference's ACL allows"
    return f"reference {ref_kind}, coffer {coffer_kind}"


def capability_category(case, path, reference, coffer, reference_reached, coffer_reached):
    """The category of a mismatch between the two servers' capabilities on one path string."""
    if path == case.reached:
        if not granted(coffer) <= granted(reference):
            return "SECURITY capabilities: coffer grants more on the path reached"
        return "capabilities: coffer grants less on the path reached"
    if isinstance(coffer, str) or coffer == coffer_reached == reference_reached:
        return "accepted: non-canonical path string answered for the path it reaches"
    if not granted(coffer) <= granted(reference) | granted(reference_reached):
        return "SECURITY capabilities: coffer grants more on a non-canonical string"
    return "capabilities: non-canonical string answered otherwise"


def compare(policy_sets, cases, answers, capabilities):
    """Mismatches by category, each as a list of example lines."""
    mismatches = defaultdict(list)
    seen = set()
    for index, case in enumerate(cases):
        reference, coffer = outcome(answers["reference"][index]), outcome(answers["coffer"][index])
        key = case.token_index
        ref_reached = capabilities["reference"].get((key, case.reached), ())
        coffer_reached = capabilities["coffer"].get((key, case.reached), ())
        policies = policy_sets[key].describe()
        if reference[0] != coffer[0]:
            category = request_category(case, reference, coffer, ref_reached, coffer_reached)
            mismatches[category].append(
                (case.mutations, f"[{policies}] {case.method} {case.target}: reference {reference[1]}; "
                                 f"coffer {coffer[1]}"))
        for path in {case.reached, case.sent} - {""}:
            if (key, path) in seen:
                continue
            seen.add((key, path))
            ref_caps, coffer_caps = capabilities["reference"][(key, path)], capabilities["coffer"][(key, path)]
            if ref_caps != coffer_caps:
                category = capability_category(case, path, ref_caps, coffer_caps, ref_reached, coffer_reached)
                mismatches[category].append(
                    (case.mutations, f"[{policies}] capabilities-self {path!r}: reference {ref_caps}; "
                                     f"coffer {coffer_caps}"))
    return mismatches


def summary(mismatches):
    """Counts per category with a few examples of distinct mutation kinds each."""
    lines = []
    for category in sorted(mismatches, key=lambda name: (not name.startswith("SECURITY"), name)):
        found = mismatches[category]
        lines.append(f"{len(found):6d}  {category}")
        shown = set()
        for mutations, line in found:
            if mutations not in shown and len(shown) < EXAMPLES_PER_CATEGORY:
                shown.add(mutations)
                lines.append(f"          {', '.join(mutations) or 'canonical'}: {line}")
    return "\n".join(lines)


def test_coffer_and_reference_answer_generated_requests_alike(launcher, tmp_path):
    policy_sets, cases = generate(CASES, SEED)
    answers, capabilities = {}, {}
    for kind in ("reference", "coffer"):
        (tmp_path / kind).mkdir()
        target = Target(launcher.dev(kind, tmp_path / kind))
        target.seed(policy_sets)
        answers[kind] = target.run(policy_sets, cases)
        capabilities[kind] = target.probe(policy_sets, cases)
        target.close()

    mismatches = compare(policy_sets, cases, answers, capabilities)
    report = summary(mismatches)
    classes = defaultdict(int)
    for answer in answers["reference"]:
        classes[outcome(answer)[0].split(" ")[0]] += 1
    print(f"\nACL differential: {len(cases)} cases, {len(policy_sets)} tokens, seed {SEED}; the reference's answers: "
          f"{', '.join(f'{name} {count}' for name, count in sorted(classes.items()))}\n{report or 'no mismatch'}")
    failing = [category for category in mismatches if not category.startswith("accepted")]
    assert not failing, f"mismatches with the reference:\n{report}"
