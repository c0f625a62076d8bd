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
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from acl_cases import (
    CASES, EXAMPLES_PER_CATEGORY, KEY_NAMES, KV_NAMES, NAMES, NEEDS, POLICY_NAMES, SEED, SEED_POLICY, THREADS,
    generate, hcl,
)
from support import DEV_ROOT_TOKEN, RawClient


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
