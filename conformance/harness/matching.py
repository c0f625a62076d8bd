"""Shape matching of JSON values against scenario expectations.

An expectation is a JSON value in which some strings are matchers:

  <any>              any value, but the key must be present
  <absent>           (as an object value) the key must not be present
  <string>           any string             <nonempty-string>  a non-empty string
  <int>              an integer (not bool)  <number>           an int or float (not bool)
  <bool>             true or false          <object> / <list>  any object / array
  <uuid>             a UUID string          <time>             an RFC 3339 timestamp string
  <re:PATTERN>       a string in which PATTERN is found (re.search)
  <range:LO..HI>     an integer (not bool) with LO <= value <= HI (for counters and remaining TTLs)

Objects match when every expected key matches; extra keys are allowed unless the
match is exact: the step's `exact: true` makes every object exact, and `$exact: true`
(or `false`) inside one object decides for that object alone. Arrays match element by element
and must have the same length. Other values must be equal.
"""

import re
from datetime import datetime

ABSENT = "<absent>"
EXACT_KEY = "$exact"

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_time(v):
    if not isinstance(v, str):
        return False
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in v


_TYPE_MATCHERS = {
    "<any>": lambda v: True,
    "<string>": lambda v: isinstance(v, str),
    "<nonempty-string>": lambda v: isinstance(v, str) and v != "",
    "<int>": _is_int,
    "<number>": lambda v: _is_int(v) or isinstance(v, float),
    "<bool>": lambda v: isinstance(v, bool),
    "<object>": lambda v: isinstance(v, dict),
    "<list>": lambda v: isinstance(v, list),
    "<uuid>": lambda v: isinstance(v, str) and _UUID.match(v) is not None,
    "<time>": _is_time,
}


_RANGE = re.compile(r"^<range:(-?\d+)\.\.(-?\d+)>$")


def is_matcher(expected):
    return isinstance(expected, str) and (
        expected in _TYPE_MATCHERS or expected == ABSENT or expected.startswith("<re:") and expected.endswith(">")
        or _RANGE.match(expected) is not None
    )


def _show(value):
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def match(expected, actual, path="body", exact=False):
    """Return a list of human-readable mismatches (empty when `actual` matches)."""
    if is_matcher(expected):
        if expected == ABSENT:
            return [f"{path}: expected absent, got {_show(actual)}"]
        if expected.startswith("<re:"):
            pattern = expected[4:-1]
            if isinstance(actual, str) and re.search(pattern, actual):
                return []
            return [f"{path}: expected a string matching /{pattern}/, got {_show(actual)}"]
        bounds = _RANGE.match(expected)
        if bounds:
            low, high = int(bounds.group(1)), int(bounds.group(2))
            if _is_int(actual) and low <= actual <= high:
                return []
            return [f"{path}: expected an integer in [{low}, {high}], got {_show(actual)}"]
        if _TYPE_MATCHERS[expected](actual):
            return []
        return [f"{path}: expected {expected}, got {_show(actual)}"]

    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {_show(actual)}"]
        object_exact = expected.get(EXACT_KEY, exact)
        problems = []
        for key, want in expected.items():
            if key == EXACT_KEY:
                continue
            where = f"{path}.{key}"
            if want == ABSENT:
                if key in actual:
                    problems.append(f"{where}: expected absent, got {_show(actual[key])}")
            elif key not in actual:
                problems.append(f"{where}: missing (expected {_show(want)})")
            else:
                problems.extend(match(want, actual[key], where, exact))
        if object_exact:
            extra = sorted(set(actual) - set(expected))
            if extra:
                problems.append(f"{path}: unexpected keys {extra}")
        return problems

    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected an array, got {_show(actual)}"]
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} elements, got {len(actual)}: {_show(actual)}"]
        problems = []
        for i, (want, got) in enumerate(zip(expected, actual)):
            problems.extend(match(want, got, f"{path}[{i}]", exact))
        return problems

    same_kind = isinstance(expected, bool) == isinstance(actual, bool)
    if same_kind and expected == actual:
        return []
    return [f"{path}: expected {_show(expected)}, got {_show(actual)}"]
