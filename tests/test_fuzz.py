"""Fuzzing the input boundary: broken and hostile catalogs, rule sets and profiles.

The loaders either succeed or raise `DataFileError` (anything else is a bug); the CLI ends with
exit 0, 1 or 3 (2 only for usage) and never a traceback; hostile but valid strings never reach
any output raw.

Profiles: HYPOTHESIS_PROFILE=quick (default: a few hundred cases per test, about half a minute
for this file) or HYPOTHESIS_PROFILE=deep (thousands per test), e.g.
    HYPOTHESIS_PROFILE=deep python -m pytest -q tests/test_fuzz.py
The profiles are applied to this module's tests only, so other modules keep their settings.
"""

from __future__ import annotations

import atexit
import copy
import csv
import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hcai_path import cli, render, table, text
from hcai_path.catalog import load_catalog, load_rules, shipped_data_path
from hcai_path.errors import DataFileError
from hcai_path.models import Program
from hcai_path.profile import load_profile
from hcai_path.render import Format
from hcai_path.rules import Rules

_COMMON = {
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

TODAY = dt.date(2030, 1, 1)
WORK = Path(tempfile.mkdtemp(prefix="hcai-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
RULES_PATH = shipped_data_path("rules.toml")
CATALOG_PATH = shipped_data_path("programs.toml")
RULES_BYTES = Path(RULES_PATH).read_bytes()
CATALOG_BYTES = Path(CATALOG_PATH).read_bytes()
RULES: Rules = load_rules(use_cache=False)


@pytest.fixture(autouse=True)
def env(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's isolated folders and settings, on a day later than any `verified` date."""
    monkeypatch.setattr(cli, "today", lambda: TODAY)
    return isolated


def put(name: str, data: bytes) -> str:
    path = WORK / name
    path.write_bytes(data)
    return str(path)


# ---- invariants --------------------------------------------------------------------------------


def check_problems(error: DataFileError, path: str) -> None:
    assert error.problems, "a DataFileError names at least one problem"
    for problem in error.problems:
        assert problem.path == path
        message = str(problem)
        assert message.startswith(path)
        assert len(message) < 2000, "messages quote short parts of values only"


def loads_catalog(data: bytes, name: str = "catalog.toml") -> None:
    """Load a catalog: success (then it round-trips through `--format toml`) or DataFileError."""
    path = put(name, data)
    try:
        catalog = load_catalog(path, rules=RULES, today=TODAY, use_cache=False)
    except DataFileError as e:
        check_problems(e, path)
        return
    ids = [p.id for p in catalog.programs]
    assert len(ids) == len(set(ids))
    assert all(
        p.url.startswith("https://") and p.source.startswith("https://") for p in catalog.programs
    )
    again = put(name + ".again.toml", render.programs_toml(catalog.programs).encode("utf-8"))
    assert (
        load_catalog(again, rules=RULES, today=TODAY, use_cache=False).programs == catalog.programs
    )


def loads_rules(data: bytes) -> Rules | None:
    path = put("rules.toml", data)
    try:
        rules = load_rules(path, use_cache=False)
    except DataFileError as e:
        check_problems(e, path)
        return None
    try:  # the shipped catalog against the new rules: loads or names its problems
        load_catalog(CATALOG_PATH, rules=rules, today=TODAY, use_cache=False)
    except DataFileError as e:
        check_problems(e, CATALOG_PATH)
    return rules


def runs_cli(args: list[str], allowed: tuple[int, ...] = (0, 1, 3)) -> None:
    result = CliRunner().invoke(cli.app, args)
    assert "Traceback" not in result.stderr, result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-2000:])
    assert "internal error" not in result.stderr, result.stderr


# ---- strategies ----------------------------------------------------------------------------------

TOKENS = [
    "[[programs]]\n", "[programs.eligibility]\n", "[[roles]]\n", "[", "]", "[[", "]]", "{", "}",
    "=", " = ", ",", ".", "\n", "\r\n", "#", '"', "'", '"""', "'''", "\\", "\\u001b", "\\u202e",
    "\\U0010ffff", "\\ud800", "id", "name", "cost_usd", "verified", "topics", "programs", "url",
    "2025-02-30", "2025-01-01", "2025-01-01T00:00:00Z", "07:30:00", "1e400", "-0", "0x1F", "nan",
    "inf", "-inf", "true", "false", "99999999999999999999", "\x00", "\x1b[31m", "\u202e", "\ufeff",
    "https://x.example.org/", "javascript:alert(1)", "[bold]", "é", "\U0001f600",
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

IDENT = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
TOPICS = sorted(RULES.topics)
ROLES = sorted(RULES.role_vocabulary())
DEGREES = sorted(RULES.degrees)
VALID: dict[str, st.SearchStrategy[Any]] = {
    "id": IDENT,
    "name": st.text(min_size=1, max_size=40),
    "provider": st.text(min_size=1, max_size=40),
    "type": st.sampled_from(["academic", "professional", "executive"]),
    "credential": st.sampled_from(
        [
            "doctorate",
            "masters",
            "graduate-certificate",
            "certificate",
            "certification",
            "specialization",
            "course",
        ]
    ),  # fmt: skip
    "delivery": st.sampled_from(["online", "in-person", "hybrid"]),
    "duration_months": st.floats(0, 180) | st.integers(0, 180),
    "duration_note": st.text(max_size=30),
    "cost_usd": st.floats(0, 2_000_000) | st.integers(0, 2_000_000),
    "cost_note": st.text(max_size=30),
    "topics": st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True),
    "roles": st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True),
    "prerequisites": st.text(min_size=1, max_size=40),
    "eligibility": st.fixed_dictionaries(
        {},
        optional={
            "roles": st.lists(st.sampled_from(ROLES), max_size=2, unique=True),
            "degrees": st.lists(st.sampled_from(DEGREES), max_size=2, unique=True),
            "min_years": st.integers(0, 60),
            "note": st.text(max_size=20),
        },
    ),
    "awards": st.lists(st.sampled_from(DEGREES), max_size=2, unique=True),
    "counts_toward": st.lists(IDENT, max_size=2),
    "prepares_for": st.lists(IDENT, max_size=2),
    "url": st.sampled_from(["https://a.example.org/", "https://b.example.edu/x?y=1#z"]),
    "source": st.sampled_from(["https://a.example.org/s", "http://a.example.org/", "https://a"]),
    "verified": st.dates(dt.date(2000, 1, 1), dt.date(2031, 1, 1)),
}
REQUIRED = ["id", "name", "provider", "type", "credential", "delivery", "topics", "roles",
            "prerequisites", "url", "source", "verified"]  # fmt: skip


@st.composite
def program_entries(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly valid fields; some random values, some missing keys, some unknown keys."""
    entry: dict[str, Any] = {}
    for field, strategy in VALID.items():
        how = draw(st.sampled_from(["valid"] * 6 + ["random", "absent"]))
        if how == "absent" or (how == "valid" and field not in REQUIRED and draw(st.booleans())):
            continue
        entry[field] = draw(strategy if how == "valid" else toml_values)
    if draw(st.integers(0, 9)) == 0:
        entry[draw(st.text(min_size=1, max_size=10))] = draw(toml_values)
    return entry


@st.composite
def structured_catalogs(draw: st.DrawFn) -> bytes:
    doc: dict[str, Any] = {"programs": draw(st.lists(program_entries(), max_size=4))}
    if doc["programs"] and draw(st.integers(0, 4)) == 0:  # a duplicate id
        doc["programs"].append(dict(doc["programs"][0]))
    if draw(st.integers(0, 9)) == 0:
        doc[draw(st.text(max_size=8))] = draw(toml_values)
    return dump(doc)


def dump(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError):  # a value TOML cannot hold (tomli_w says so): skip it
        assume(False)
        raise AssertionError from None


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


@st.composite
def field_mutated(draw: st.DrawFn, base: bytes, tables: tuple[str, ...]) -> bytes:
    """The parsed file with a few fields of its entries replaced, removed or added, re-dumped."""
    doc = copy.deepcopy(parsed(base))
    for _ in range(draw(st.integers(1, 3))):
        table_name = draw(st.sampled_from(tables))
        entries = doc.get(table_name)
        if not isinstance(entries, list) or not entries:
            continue
        entry = entries[draw(st.integers(0, len(entries) - 1))]
        keys = sorted(entry)
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if op == "replace" and keys:
            entry[draw(st.sampled_from(keys))] = draw(toml_values)
        elif op == "delete" and keys:
            del entry[draw(st.sampled_from(keys))]
        elif op == "add":
            entry[draw(st.text(min_size=1, max_size=10))] = draw(toml_values)
        elif op == "duplicate":
            entries.append(dict(entry))
    return dump(doc)


@functools.cache
def parsed(base: bytes) -> dict[str, Any]:
    return tomllib.loads(base.decode("utf-8"))


RULE_TABLES = ("competencies", "topics", "degrees", "families", "roles", "goals")

# ---- the loaders: success or DataFileError, never anything else ---------------------------------


@FUZZ_MANY
@given(st.binary(max_size=3000))
def test_catalog_from_any_bytes(data: bytes) -> None:
    loads_catalog(data)


@FUZZ_MANY
@given(toml_ish)
def test_catalog_from_toml_ish_text(source: str) -> None:
    loads_catalog(source.encode("utf-8", "strict"))


@FUZZ
@given(structured_catalogs())
def test_catalog_with_random_field_values(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(mutated(CATALOG_BYTES))
def test_shipped_catalog_mutated_byte_by_byte(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(field_mutated(CATALOG_BYTES, ("programs",)))
def test_shipped_catalog_with_random_fields(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(mutated(RULES_BYTES))
def test_shipped_rules_mutated_byte_by_byte(data: bytes) -> None:
    loads_rules(data)


@FUZZ
@given(field_mutated(RULES_BYTES, RULE_TABLES))
def test_shipped_rules_with_random_fields(data: bytes) -> None:
    loads_rules(data)


@FUZZ_MANY
@given(st.binary(max_size=2000) | toml_ish.map(lambda s: s.encode("utf-8", "strict")))
def test_rules_from_any_bytes(data: bytes) -> None:
    loads_rules(data)


PROFILE_KEYS = ["role", "goals", "budget_usd", "months", "delivery", "have", "years"]


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


@FUZZ
@given(profiles())
def test_profile_loader(data: bytes) -> None:
    path = put("profile.toml", data)
    try:
        load_profile(path)
    except DataFileError as e:
        check_problems(e, path)


# ---- through the CLI ---------------------------------------------------------------------------


@FUZZ_CLI
@given(mutated(CATALOG_BYTES) | structured_catalogs())
def test_cli_with_broken_catalogs(data: bytes) -> None:
    path = put("cli-catalog.toml", data)
    runs_cli(["--catalog", path, "list", "--format", "json"])
    runs_cli(["--catalog", path, "catalog", "validate", path])
    runs_cli(["--catalog", path, "recommend", "--role", "nurse", "--format", "json"])


@FUZZ_CLI
@given(field_mutated(RULES_BYTES, RULE_TABLES) | mutated(RULES_BYTES))
def test_cli_with_broken_rules(data: bytes) -> None:
    path = put("cli-rules.toml", data)
    runs_cli(["--rules", path, "roles", "--format", "tsv"])
    # A role the changed rules no longer define is a usage error (2).
    runs_cli(["--rules", path, "recommend", "--role", "nurse", "--format", "json"], (0, 1, 2, 3))
    runs_cli(["--rules", path, "recommend", "--role", "data-scientist", "--goal", "imaging",
              "--budget", "5000", "--format", "tsv"], (0, 1, 2, 3))  # fmt: skip


@FUZZ_CLI
@given(data=profiles())
def test_cli_with_broken_profiles(data: bytes, env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(data)
    runs_cli(["profile", "show", "--format", "json"])
    # A saved role or goal the rules do not know is a data error naming the profile (3).
    runs_cli(["recommend", "--format", "json"], (0, 1, 2, 3))


# ---- hostile but valid strings in every output format --------------------------------------------

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
hostile_text = st.text(
    st.characters(blacklist_categories=["Cs"])
    | st.sampled_from(["\x1b", "\x9b", "\r", "\n", "\t", "\u202e", "\u2066", "[", "]", "=", "\\"]),
    min_size=1,
    max_size=60,
)


def base_program(i: int, **fields: Any) -> Program:
    values: dict[str, Any] = {
        "id": f"p-{i}", "name": f"Program {i}", "provider": "Provider", "type": "professional",
        "credential": "certificate", "delivery": "online", "duration_months": 3,
        "duration_note": "", "cost_usd": 100, "cost_note": "", "topics": ("ethics",),
        "roles": ("nurse",), "prerequisites": "None.", "eligibility": None, "awards": (),
        "counts_toward": (), "prepares_for": (), "url": "https://a.example.org/",
        "source": "https://a.example.org/s", "verified": dt.date(2029, 1, 1),
    }  # fmt: skip
    values.update(fields)
    return Program(**values)


def hostile_programs(strings: list[str]) -> list[Program]:
    return [
        base_program(
            i, name=s, provider=f"{s[::-1]} {i}", prerequisites=s, cost_note=s, duration_note=s
        )
        for i, s in enumerate(strings)
    ]


def outputs(programs: list[Program]) -> dict[str, str]:
    """Every rendering of these programs that list, show and compare can produce."""
    records = [render.program_record(p, TODAY) for p in programs]
    out = {
        "json": render.to_json(records),
        "jsonl": render.to_jsonl(records),
        "tsv": render.programs_delimited(programs, today=TODAY, fmt=Format.TSV),
        "csv": render.programs_delimited(programs, today=TODAY, fmt=Format.CSV),
        "markdown": render.programs_markdown(programs, today=TODAY, title="t"),
        "show-markdown": render.program_markdown(programs[0], today=TODAY),
        "compare-tsv": render.compare_delimited(programs, today=TODAY, fmt=Format.TSV),
        "compare-csv": render.compare_delimited(programs, today=TODAY, fmt=Format.CSV),
        "compare-markdown": render.compare_markdown(programs, today=TODAY),
        "toml": render.programs_toml(programs),
    }
    rows = [[p.id, f"{p.name}\n{p.provider}", p.cost_note] for p in programs]
    out["table"] = table.table_text(
        ["id", "program / provider", "cost"], rows, title=programs[0].name
    )
    return out


@FUZZ
@given(st.lists(hostile_text, min_size=1, max_size=3))
def test_hostile_strings_in_every_format(strings: list[str]) -> None:
    programs = hostile_programs(strings)
    out = outputs(programs)
    for fmt, rendered in out.items():
        found = FORBIDDEN.search(rendered)
        assert found is None, (fmt, found and found.group(), rendered[:300])
    assert [r["name"] for r in json.loads(out["json"])] == strings
    assert [json.loads(line)["prerequisites"] for line in out["jsonl"].splitlines()] == strings
    assert out["tsv"].count("\n") == len(out["tsv"].splitlines()) == len(programs) + 1
    assert len({line.count("\t") for line in out["tsv"].splitlines()}) == 1
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) == len(programs) + 1 == out["csv"].count("\n")
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert [p["name"] for p in tomllib.loads(out["toml"])["programs"]] == strings


FORMATS = ["table", "json", "jsonl", "csv", "tsv", "markdown"]


@FUZZ_CLI
@given(st.lists(hostile_text, min_size=2, max_size=3), st.sampled_from(FORMATS))
def test_hostile_strings_through_the_cli(strings: list[str], fmt: str) -> None:
    """Through the loader too: the catalog file holds the strings; `--format toml` returns them."""
    programs = hostile_programs(strings)
    path = put("hostile.toml", render.programs_toml(programs).encode("utf-8"))
    result = CliRunner().invoke(cli.app, ["--catalog", path, "list", "--format", "toml"])
    assert result.exit_code == 0, result.stderr
    assert [p["name"] for p in tomllib.loads(result.stdout)["programs"]] == strings
    for args in (["list"], ["show", "p-0"], ["compare", "p-0", "p-1"]):
        result = CliRunner().invoke(cli.app, ["--catalog", path, *args, "--format", fmt])
        assert result.exit_code == 0, result.stderr
        assert FORBIDDEN.search(result.stdout) is None, (args, fmt, result.stdout[:300])


@FUZZ_MANY
@given(hostile_text)
def test_text_helpers(value: str) -> None:
    for escape in (text.inert, text.tsv_cell, text.csv_cell, text.markdown):
        assert FORBIDDEN.search(escape(value).replace("\n", "").replace("\t", "")) is None
    assert "\n" not in text.tsv_cell(value) and "\t" not in text.tsv_cell(value)
    assert json.loads(text.json_safe(json.dumps(value, ensure_ascii=False))) == value
    assert tomllib.loads(text.toml_safe(tomli_w.dumps({"v": value})))["v"] == value
