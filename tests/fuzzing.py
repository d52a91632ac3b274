"""Hypothesis settings and strategies shared by the fuzz tests beside each module they attack
(tests/load/test_fuzz.py, tests/test_profile.py, tests/cli/test_fuzz.py, tests/render/...).

Profiles: HYPOTHESIS_PROFILE=quick (default: a few hundred cases per test) or
HYPOTHESIS_PROFILE=deep (thousands per test), e.g.
    HYPOTHESIS_PROFILE=deep python -m pytest -q tests/load/test_fuzz.py
The settings objects below are local: other modules keep their own. Not a test module.
"""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import functools
import os
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from schema_cases import ENTRY, INVALID_CASES, OTHER, VALID_CASES, entry_for

from hcai_path.load.paths import shipped_data_path

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile("quick", max_examples=100, **_COMMON)
settings.register_profile("deep", max_examples=2000, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
if PROFILE not in ("quick", "deep"):
    PROFILE = "quick"
# Each case parses and validates a whole catalog or rule set.
FUZZ = settings(settings.get_profile(PROFILE))
# Cheap cases (small inputs that fail early, pure functions): three times as many.
FUZZ_MANY = settings(FUZZ, max_examples=FUZZ.max_examples * 3)
# Through the whole CLI, several commands per case: a fifth as many.
FUZZ_CLI = settings(FUZZ, max_examples=max(20, FUZZ.max_examples // 5))

# Later than any `verified` date of the shipped catalog, so that it loads.
TODAY = dt.date(2030, 1, 1)
WORK = Path(tempfile.mkdtemp(prefix="hcai-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
RULES_BYTES = Path(shipped_data_path("rules.toml")).read_bytes()
CATALOG_BYTES = Path(shipped_data_path("programs.toml")).read_bytes()


def put(name: str, data: bytes) -> str:
    path = WORK / name
    path.write_bytes(data)
    return str(path)


def dump(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError):  # a value TOML cannot hold (tomli_w says so): skip it
        assume(False)
        raise AssertionError from None


TOKENS = [
    "[[programs]]\n", "[programs.eligibility]\n", "[[programs.eligibility.routes]]\n",
    "[programs.price]\n", "[[roles]]\n", "[", "]", "[[", "]]", "{", "}", "=", " = ", ",", ".",
    "\n", "\r\n", "#", '"', "'", '"""', "'''", "\\", "\\u001b", "\\u202e", "\\U0010ffff",
    "\\ud800", "id", "name", "cost_usd", "verified", "topics", "programs", "url", "price",
    "duration_basis", "routes", "2025-02-30", "2025-01-01", "2025-01-01T00:00:00Z", "07:30:00",
    "1e400", "-0", "0x1F", "nan", "inf", "-inf", "5e-324", "true", "false",
    "99999999999999999999", "\x00", "\x1b[31m", "\u202e", "\ufeff", "https://x.example.org/",
    "javascript:alert(1)", "[bold]", "é", "\U0001f600",
]  # fmt: skip
toml_ish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map("".join)

leaves = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "\x1b]8;;https://evil\x07x", "[link=https://evil]y[/link]", "=1+1"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=5,
)


def _near_misses() -> dict[str, list[Any]]:
    """For each top-level key, the values the schema cases give it: one rule broken each, or
    a bound just met."""
    pool: dict[str, list[Any]] = {}
    for case in INVALID_CASES + VALID_CASES:
        programs = case.raw.get("programs")
        if not (isinstance(programs, list) and programs and isinstance(programs[0], dict)):
            continue
        entry = programs[0]
        for key, value in entry.items():
            base = entry_for(key)
            if base.get(key) != value and repr(value) not in map(repr, pool.get(key, [])):
                pool.setdefault(key, []).append(value)
    return pool


NEAR_MISSES = _near_misses()
# Every field valid (a price and a basis come from the near misses, which hold valid ones).
VALID: dict[str, Any] = copy.deepcopy(ENTRY)


@st.composite
def program_entries(draw: st.DrawFn) -> dict[str, Any]:
    """A valid entry with none, one or two fields changed: one rule broken (a near miss from
    tests/schema_cases.py), a random value, or the key removed; sometimes an unknown key.
    Few changes at a time, so that one broken rule is not hidden behind another."""
    entry = copy.deepcopy(VALID)
    keys = sorted(set(VALID) | set(NEAR_MISSES))
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
        key = draw(st.sampled_from(keys))
        how = draw(st.sampled_from(["near"] * 6 + ["random", "absent"]))
        if how == "near" and key in NEAR_MISSES:
            entry[key] = copy.deepcopy(draw(st.sampled_from(NEAR_MISSES[key])))
        elif how == "absent":
            entry.pop(key, None)
        else:
            entry[key] = draw(toml_values)
    entry["id"] = draw(st.sampled_from(["target", "target", "a", "b", "other-program"]))
    if draw(st.integers(0, 19)) == 0:
        entry[draw(st.text(min_size=1, max_size=10))] = draw(toml_values)
    return entry


@st.composite
def structured_catalogs(draw: st.DrawFn) -> bytes:
    """Catalogs of such entries (ids and names may repeat), or of the schema cases' entries."""
    if draw(st.integers(0, 3)) == 0:
        case = draw(st.sampled_from(INVALID_CASES + VALID_CASES))
        return dump(copy.deepcopy(case.raw))
    doc: dict[str, Any] = {"programs": draw(st.lists(program_entries(), max_size=3))}
    if draw(st.booleans()):  # what counts_toward and prepares_for name
        doc["programs"].append(copy.deepcopy(OTHER))
    if doc["programs"] and draw(st.integers(0, 4)) == 0:  # a duplicate
        doc["programs"].append(dict(doc["programs"][0]))
    if draw(st.integers(0, 9)) == 0:
        doc[draw(st.text(max_size=8))] = draw(toml_values)
    return dump(doc)


INTERESTING = [
    b'"', b"'", b"[", b"]]", b"=", b"\n", b"\\", b"\x00", b"\xff", b"\xc3", b"#", b"{", b".",
    b"2025-02-30", b"nan", b"-1", b'"""', b"[[programs]]\n", b"\x1b[31m", b"\xe2\x80\xae",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with a few bytes flipped, set, inserted, deleted, duplicated, or cut short."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "set", "insert", "token", "delete", "dup", "cut"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(INTERESTING))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "dup":
            end = pos + draw(st.integers(1, 400))
            at = draw(st.integers(0, len(data)))
            data[at:at] = data[pos:end]
        elif op == "cut":
            del data[pos:]
    return bytes(data)


@functools.cache
def parsed(base: bytes) -> dict[str, Any]:
    return tomllib.loads(base.decode("utf-8"))


@st.composite
def field_mutated(draw: st.DrawFn, base: bytes, tables: tuple[str, ...]) -> bytes:
    """The parsed file with a few fields of its entries replaced, removed or added, re-dumped;
    a program's field is often given a near miss from tests/schema_cases.py."""
    doc = copy.deepcopy(parsed(base))
    for _ in range(draw(st.integers(1, 3))):
        table_name = draw(st.sampled_from(tables))
        entries = doc.get(table_name)
        if not isinstance(entries, list) or not entries:
            continue
        entry = entries[draw(st.integers(0, len(entries) - 1))]
        keys = sorted(entry)
        op = draw(st.sampled_from(["replace", "replace", "near", "delete", "add", "duplicate"]))
        if op == "near" and table_name == "programs":
            key = draw(st.sampled_from(sorted(NEAR_MISSES)))
            entry[key] = copy.deepcopy(draw(st.sampled_from(NEAR_MISSES[key])))
        elif op in ("replace", "near") and keys:
            entry[draw(st.sampled_from(keys))] = draw(toml_values)
        elif op == "delete" and keys:
            del entry[draw(st.sampled_from(keys))]
        elif op == "add":
            entry[draw(st.text(min_size=1, max_size=10))] = draw(toml_values)
        elif op == "duplicate":
            entries.append(dict(entry))
    return dump(doc)


RULE_TABLES = ("competencies", "topics", "degrees", "families", "roles", "goals")

PROFILE_KEYS = [
    "role", "goals", "budget_usd", "months", "delivery", "have", "years", "country",
]  # fmt: skip


@st.composite
def profiles(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=200) | toml_ish.map(lambda s: s.encode("utf-8", "strict")))
    doc = draw(
        st.dictionaries(
            st.sampled_from(PROFILE_KEYS) | st.text(max_size=6), toml_values, max_size=5
        )
    )
    return dump(doc)
