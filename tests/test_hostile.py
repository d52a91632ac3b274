"""Hostile and broken input: every data file is untrusted.

Broken files give exit 3 (2 for a bad path named with --catalog/--rules) with a message that
names the file and the line:column or the entry and field, and says how to fix it. Hostile
strings that are valid data are shown literally or escaped in every format and never act on a
terminal. The process's edges (closed pipe, full disk, Ctrl-C) end cleanly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import tomllib
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import program_fields
from typer.testing import CliRunner, Result

from hcai_path import catalog as catalog_mod
from hcai_path import cli, table, tomlfile
from hcai_path.catalog import load_catalog, load_rules, shipped_data_path
from hcai_path.errors import DataFileError

# Later than any `verified` date of the shipped catalog, so that it loads.
TODAY = dt.date(2030, 1, 1)
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def env(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's isolated folders and settings, on a day later than any `verified` date."""
    monkeypatch.setattr(cli, "today", lambda: TODAY)
    return isolated


def invoke(args: Sequence[str]) -> Result:
    """Run the app in-process; never a traceback, never an exception but SystemExit."""
    result = CliRunner().invoke(cli.app, list(args))
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


# ---- building catalogs ------------------------------------------------------------------------


def program(**fields: Any) -> dict[str, Any]:
    """A valid program entry, with `fields` replaced (None removes a field)."""
    return program_fields(**{"source": "https://test.example.org/source", **fields})


def catalog_text(*programs: dict[str, Any]) -> str:
    return tomli_w.dumps({"programs": list(programs)})


def write(tmp_path: Path, content: str | bytes, name: str = "catalog.toml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def check_error(result: Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


# ---- 1. broken files ----------------------------------------------------------------------------

GOOD = catalog_text(program())
TWO = catalog_text(program(), program(name="Other"))


def replace_line(key: str, line: str) -> str:
    """The one-program catalog with the line for `key` replaced by `line` (raw TOML)."""
    out = [line if row.startswith(f"{key} =") else row for row in GOOD.splitlines()]
    assert out != GOOD.splitlines(), key
    return "\n".join(out) + "\n"


def line_of(text: str, key: str, nth: int = 1) -> int:
    """The line number of the `nth` line that sets `key`."""
    found = [i for i, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key} =")]
    return found[nth - 1]


BROKEN: dict[str, tuple[str | bytes, list[str]]] = {
    # name: (file content, what stderr must say besides the file name)
    "not-toml": ("just some words\n", [":1:6:", "is not valid TOML", "key = value"]),
    "html": ("<html><body>404</body></html>\n", [":1:1:", "is not valid TOML"]),
    "json": ('{"programs": []}\n', [":1:1:", "is not valid TOML"]),
    "not-utf8": (b'[[programs]]\nname = "caf\xe9"\n', [":2:12:", "not UTF-8", "save it as UTF-8"]),
    "utf16": ("x = 1\n".encode("utf-16"), ["UTF-16", "save it as UTF-8"]),
    "utf16-no-bom": ("x = 1\n".encode("utf-16-le"), ["UTF-16"]),
    "nul-byte": (b'x = "a\x00b"\n', [":1:7:", "Illegal character", "escapes"]),
    "syntax": (
        replace_line("cost_usd", "cost_usd = = 5"),
        [f":{line_of(GOOD, 'cost_usd')}:12:", "Invalid value"],
    ),
    "unterminated": (
        replace_line("name", 'name = "Test'),
        [f":{line_of(GOOD, 'name')}:", "not closed"],
    ),
    "duplicate-key": (
        replace_line("cost_usd", "name = 'x'"),
        [f":{line_of(GOOD, 'cost_usd')}:", "given twice"],
    ),
    "impossible-date": (
        replace_line("verified", "verified = 2025-02-30"),
        [f":{line_of(GOOD, 'verified')}:12:", "Invalid date", "2025-02-30 does not"],
    ),
    "missing-key": (
        catalog_text(program(name=None)),
        [":1:", "entry 'test-program'", "field 'name'", "required", "add it"],
    ),
    "extra-key": (
        catalog_text(program(colour="blue")),
        ["entry 'test-program'", "field 'colour'", "unknown key", "remove it"],
    ),
    "wrong-type-quoted-number": (
        catalog_text(program(cost_usd="100")),
        [f":{line_of(GOOD, 'cost_usd')}:1:", "field 'cost_usd'", "remove the quotes"],
    ),
    "wrong-type-list": (
        catalog_text(program(topics="ethics")),
        ["field 'topics'", "must be a list"],
    ),
    "wrong-type-bool": (catalog_text(program(cost_usd=True)), ["field 'cost_usd'", "number"]),
    "wrong-type-table": (catalog_text(program(name={"a": 1})), ["field 'name'", "quotes"]),
    "wrong-type-eligibility": (catalog_text(program(eligibility=3)), ["eligibility", "table"]),
    "negative": (catalog_text(program(cost_usd=-1)), ["field 'cost_usd'", "at least 0"]),
    "absurd-months": (
        catalog_text(program(duration_months=5000)),
        ["field 'duration_months'", "at most 180", "unit"],
    ),
    "absurd-cost": (catalog_text(program(cost_usd=10**30)), ["field 'cost_usd'", "at most"]),
    "nan": (catalog_text(program(cost_usd=float("nan"))), ["field 'cost_usd'", "finite"]),
    "inf": (catalog_text(program(duration_months=float("inf"))), ["finite"]),
    "fractional-years": (
        catalog_text(program(eligibility={"min_years": 1.5})),
        ["field 'eligibility.min_years'", "whole number"],
    ),
    "date-time": (
        catalog_text(program(verified=dt.datetime(2025, 1, 1, 12, 0))),
        ["field 'verified'", "not a date-time"],
    ),
    "quoted-date": (
        catalog_text(program(verified="2025-01-01")),
        ["field 'verified'", "without quotes"],
    ),
    "future-date": (
        catalog_text(program(verified=dt.date(2099, 1, 1))),
        ["field 'verified'", "in the future"],
    ),
    "duplicate-id": (
        TWO,
        [f":{line_of(TWO, 'id', 2)}:1:", "duplicate id 'test-program'"],
    ),
    "bad-id": (catalog_text(program(id="Bad Id!")), ["entry '#1'", "field 'id'", "hyphens"]),
    "unknown-topic": (
        catalog_text(program(topics=["ethicz"])),
        ["field 'topics'", "'ethicz' is not a known topic", "did you mean 'ethics'"],
    ),
    "unknown-role": (catalog_text(program(roles=["wizard"])), ["'wizard' is not a known role"]),
    "unknown-type": (
        catalog_text(program(type="academc")),
        ["field 'type'", "must be one of", "'academic'"],
    ),
    "unknown-degree": (
        catalog_text(program(eligibility={"degrees": ["phd"]})),
        ["field 'eligibility.degrees'", "'phd' is not a known degree"],
    ),
    "http-url": (catalog_text(program(url="http://x.example.org/")), ["field 'url'", "https"]),
    "javascript-url": (
        catalog_text(program(source="javascript:alert(1)")),
        ["field 'source'", "https://"],
    ),
    "url-with-space": (
        catalog_text(program(url="https://x.example.org/a b")),
        ["field 'url'", "percent-encoded"],
    ),
    "url-breaking-markdown": (
        catalog_text(program(url="https://x.example.org/a>)[x](javascript:alert(1)")),
        ["field 'url'"],
    ),
    "url-with-escape": (
        catalog_text(program(url="https://x.example.org/\x1b]8;;https://evil\x07")),
        ["field 'url'"],
    ),
    "url-with-trailing-newline": (
        catalog_text(program(source="https://x.example.org/\n")),
        ["field 'source'", "https://"],
    ),
    "url-userinfo-host": (
        catalog_text(program(url="https://user@evil.example/")),
        ["field 'url'"],
    ),
    "empty": ("", ["is empty"]),
    "whitespace": ("\n\n   \n", ["is empty"]),
    "programs-not-a-list": ("programs = 5\n", ["field 'programs'", "list"]),
    "program-not-a-table": ("programs = [1]\n", ["entry '#1'", "table"]),
    "deep-nesting": ("x = " + "[" * 5000 + "]" * 5000 + "\n", ["nested too deeply"]),
    "deep-inline-tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ["nested"]),
    "long-key": ("a" * 100_000 + " = 1\n", ["unknown key", "..."]),
    "long-dotted-key": ("a" + ".a" * 20_000 + " = 1\n", [":1:2:", "dotted parts"]),
    "dotted-key": ("a" + ".a" * 50 + " = 1\n", ["unknown key"]),
    "long-dotted-header": ("[" + '"x".' * 20_000 + "a]\n", ["dotted parts"]),
    "long-string": (catalog_text(program(name="x" * 100_000)), ["field 'name'", "too long"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_catalog(case: str, tmp_path: Path) -> None:
    content, needles = BROKEN[case]
    path = write(tmp_path, content)
    for args in (["--catalog", str(path), "list"], ["catalog", "validate", str(path)]):
        result = invoke(args)
        check_error(result, 3, str(path), "error:", *needles)
        assert len(result.stderr) < 5000, "messages quote at most a short part of a value"


def test_line_and_column_point_at_the_key(tmp_path: Path) -> None:
    text = catalog_text(program(id="first"), program(id="second", cost_usd=-3))
    result = invoke(["catalog", "validate", str(write(tmp_path, text))])
    assert f":{line_of(text, 'cost_usd', 2)}:1: entry 'second'" in result.stderr


def test_subtable_field_is_located(tmp_path: Path) -> None:
    text = catalog_text(program()) + '[programs.eligibility]\nroles = ["nurse"]\nmin_years = -1\n'
    result = invoke(["catalog", "validate", str(write(tmp_path, text))])
    n = text.count("\n")
    assert f":{n}:1: entry 'test-program': field 'eligibility.min_years'" in result.stderr


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    result = invoke(["--catalog", str(path), "list", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["test-program"]


def test_validate_reports_every_problem_in_one_run(tmp_path: Path) -> None:
    text = catalog_text(
        program(id="a", cost_usd=-1, colour="red", url="javascript:alert(1)"),
        program(id="a", topics=["ethicz", "ethics", "ethics"], verified="2025-01-01"),
        program(id="c", counts_toward=["nope"], source="http://c.example.org/", name=None),
    )
    broken = write(tmp_path, text)
    not_toml = write(tmp_path, "= nope\n", "b.toml")
    missing = tmp_path / "missing.toml"
    result = invoke(["catalog", "validate", str(broken), str(not_toml), str(missing), "/"])
    expected = [
        "entry 'a': field 'cost_usd'",
        "entry 'a': field 'colour'",
        "entry 'a': field 'url'",
        "duplicate id 'a'",
        "'ethicz' is not a known topic",
        "'ethics' is listed twice",
        "field 'verified'",
        "'nope' is not a program id",
        "entry 'c': field 'source'",
        "entry 'c': field 'name'",
        f"{not_toml}:1:1: is not valid TOML",
        f"{missing}: no such data file",
        "/: is a directory",
        "13 problem(s) in 4 file(s)",
    ]
    check_error(result, 3, *expected)


@pytest.mark.parametrize("option", ["--catalog", "--rules"])
def test_bad_path_on_the_command_line_is_a_usage_error(option: str, tmp_path: Path) -> None:
    for bad, needle in ((tmp_path / "nope.toml", "no such"), (tmp_path, "is a directory")):
        result = invoke([option, str(bad), "list"])
        check_error(result, 2, f"{bad}: ", needle, option)


def test_bad_path_in_the_environment_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCAI_PATH_CATALOG", str(tmp_path / "gone.toml"))
    check_error(invoke(["list"]), 2, "gone.toml", "HCAI_PATH_CATALOG")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    path.chmod(0)
    try:
        check_error(invoke(["--catalog", str(path), "list"]), 2, str(path), "permission denied")
        check_error(invoke(["catalog", "validate", str(path)]), 3, "permission denied")
    finally:
        path.chmod(0o644)


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cap = len(RULES_TEXT.encode()) + 10
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", cap)
    small = write(tmp_path, GOOD, "small.toml")
    assert invoke(["--catalog", str(small), "list"]).exit_code == 0
    big = write(tmp_path, GOOD + "# padding\n" * (cap // 10), "big.toml")
    result = invoke(["--catalog", str(big), "list"])
    check_error(result, 3, str(big), f"larger than {cap} bytes", "right file")


def test_endless_file_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", 1 << 20)
    result = invoke(["--catalog", "/dev/zero", "list"])
    check_error(result, 3, "/dev/zero", "larger than")


def test_nul_in_path_is_an_error() -> None:
    check_error(invoke(["--catalog", "a\x00b", "list"]), 2, "not a valid file name")


def test_hostile_text_in_errors_is_inert(tmp_path: Path) -> None:
    key = '"\\u001b]8;;https://evil\\u0007click\\u001b]8;;\\u0007\\u202e"'
    path = write(tmp_path, f"{key} = 1\n", "\x1b[31mred\x1b[0m.toml")
    result = invoke(["catalog", "validate", str(path)])
    assert result.exit_code == 3
    assert_inert(result.stderr)
    assert "unknown key" in result.stderr
    result = invoke(["show", "\x1b[2J\u202eid"])
    assert result.exit_code == 2
    assert_inert(result.stderr)


# ---- rules files -------------------------------------------------------------------------------

RULES_TEXT = Path(shipped_data_path("rules.toml")).read_text(encoding="utf-8")


def first_block(table: str) -> str:
    """The text of the first `[[table]]` entry of the shipped rules."""
    start = RULES_TEXT.index(f"[[{table}]]")
    end = RULES_TEXT.find("\n[[", start + 1)
    return RULES_TEXT[start:end] + "\n"


BROKEN_RULES: dict[str, tuple[str | bytes, list[str]]] = {
    "not-toml": ("competencies = \n", [":1:16:", "Invalid value"]),
    "empty": ("", ["is empty"]),
    "missing-tables": ("roles = []\n", ["field 'competencies'", "required"]),
    "not-utf8": (b"\x80\x81", ["not UTF-8"]),
    "extra-key": (RULES_TEXT + "\nsurprise = 1\n", ["field 'surprise'", "unknown key"]),
    "duplicate": (RULES_TEXT + "\n" + first_block("goals"), ["goals[", "duplicate id"]),
    "bad-reference": (
        RULES_TEXT.replace('family = "', 'family = "nope-', 1),
        ["roles[", "is not a known famil"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rules(case: str, tmp_path: Path) -> None:
    content, needles = BROKEN_RULES[case]
    path = write(tmp_path, content, "rules.toml")
    for args in (["--rules", str(path), "roles"], ["catalog", "validate", str(path)]):
        result = invoke(args)
        check_error(result, 3, str(path), *needles)


# ---- a corrupted profile -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"role = \n", b"\xff\xfe\x00", b"role = 5\n", b"colour = 'red'\n", b"months = -1\n"],
)
def test_corrupted_profile(content: bytes, env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(content)
    for args in (["profile", "show"], ["recommend", "--role", "nurse"]):
        result = invoke(args)
        check_error(result, 3, str(profile))


@pytest.mark.parametrize("content", [b"role = 'nurse'\nbudget_usd = nan\n", b"months = inf\n"])
def test_profile_with_non_finite_numbers(content: bytes, env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(content)
    result = invoke(["recommend", "--role", "nurse", "--format", "json"])
    check_error(result, 3, str(profile), "finite")


def test_profile_naming_an_unknown_role(env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(b'role = "wizard"\n')
    check_error(invoke(["recommend", "--format", "json"]), 3, str(profile))


def test_data_cannot_start_a_fake_stderr_line(env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(b'role = "nurse"\ngoals = ["x\\nerror: fake"]\n')
    result = invoke(["recommend", "--format", "json"])
    assert result.exit_code in (2, 3)
    assert not any(line.startswith("error: fake") for line in result.stderr.splitlines())


def test_profile_that_is_a_directory(env: Path) -> None:
    (env / "config" / "profile.toml").mkdir(parents=True)
    check_error(invoke(["profile", "show"]), 3, "profile.toml", "is a directory")


# ---- 2. hostile strings that are valid data ----------------------------------------------------

MARKUP = "[bold]x[/bold] [link=https://evil.example]y[/link] [red]z"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b2J"
CONTROL = "a\rb\x08c\x00d\x7f\u0085e\u2028f\u2029g"
BIDI = "abc\u202edcba\u202c \u2066iso\u2069 \u200bzw\u200f \U000e0041\U000e0042"
LAYOUT = "tab\there\nnew line\r\nand \\ backslash, \"quotes\", 'single'; semi"
UNICODE = "emoji \U0001f469\u200d\u2695\ufe0f CJK \u533b\u7597 combining e\u0301\u0327 \u0644\u0639"
FORMULAS = ['=HYPERLINK("https://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\uff1d1+1"]
LONG = "long " + "x" * 9_995

HOSTILE = [MARKUP, ESCAPES, CONTROL, BIDI, LAYOUT, UNICODE, LONG, *FORMULAS]

# Raw characters that must never reach a terminal: C0 (but tab and newline) and C1 controls,
# DEL, bidi controls, zero-width and other invisible format characters, tag characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")  # Rich's own styling, allowed in a table on a terminal
COLOUR = re.compile("\x1b\\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def assert_inert(output: str, *, styled: bool = False) -> None:
    text = SGR.sub("", output) if styled else output
    found = FORBIDDEN.search(text)
    if found is not None:
        near = text[max(0, found.start() - 40) : found.end() + 40]
        raise AssertionError(f"raw {found.group()!r} in output near {near!r}")
    assert "\x1b]8" not in output


def hostile_programs() -> list[dict[str, Any]]:
    out = []
    for i, value in enumerate(HOSTILE):
        out.append(
            program(
                id=f"hostile-{i}",
                name=value,
                provider=value,
                cost_note=value,
                duration_note=value,
                prerequisites=value,
                eligibility={"roles": ["nurse"], "note": value},
            )
        )
    return out


@pytest.fixture
def hostile_catalog(tmp_path: Path) -> Path:
    return write(tmp_path, catalog_text(*hostile_programs()), "hostile.toml")


IDS = [f"hostile-{i}" for i in range(len(HOSTILE))]
FORMATS = ["table", "json", "jsonl", "csv", "tsv", "markdown"]


def commands() -> list[list[str]]:
    out: list[list[str]] = [["list", "--format", fmt] for fmt in [*FORMATS, "toml"]]
    for fmt in FORMATS:
        out.append(["show", "hostile-0", "--format", fmt])
        out.append(["show", "hostile-2", "--format", fmt])
        out.append(["compare", *IDS, "--format", fmt])
    return out


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the table renderer believe stdout is a terminal (CliRunner swaps sys.stdout)."""
    monkeypatch.setattr(table, "sys", types.SimpleNamespace(stdout=FakeTTY()))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("args", commands(), ids=lambda a: "-".join(a[:1] + a[-1:]))
def test_hostile_strings_never_act(
    args: list[str], tty: bool, hostile_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if tty:
        fake_terminal(monkeypatch)
    result = invoke(["--catalog", str(hostile_catalog), *args])
    assert result.exit_code == 0, result.stderr
    fmt = args[args.index("--format") + 1]
    assert_inert(result.stdout, styled=tty and fmt == "table")
    assert_inert(result.stderr)
    check_format(args[0], fmt, result.stdout)


def check_format(command: str, fmt: str, out: str) -> None:
    records = {"list": len(HOSTILE), "show": 1, "compare": None}[command]
    if fmt in ("json", "jsonl"):
        data = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        items = data if isinstance(data, list) else [data]
        assert len(out.splitlines()) == len(items) or fmt == "json"
        originals = {f"hostile-{i}": v for i, v in enumerate(HOSTILE)}
        for item in items:
            for key in ("name", "provider", "cost_note", "prerequisites", "duration_note"):
                assert item[key] == originals[item["id"]]
            assert item["eligibility"]["note"] == originals[item["id"]]
    elif fmt in ("tsv", "csv"):
        lines = out.split("\n")
        assert lines[-1] == ""
        assert len(out.splitlines()) == len(lines) - 1, "no other line breaks"
        if records is not None:
            assert len(lines) - 1 == records + 1, "one line per record plus the header"
        if fmt == "tsv":
            widths = {len(line.split("\t")) for line in lines[:-1]}
            assert len(widths) == 1, "every row has the header's number of fields"
        else:
            rows = list(csv.reader(io.StringIO(out)))
            assert len({len(r) for r in rows}) == 1
            for row in rows[1:]:
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\uff1d")), cell
            if command == "list":
                names = [r[1] for r in rows[1:]]
                assert '\'=HYPERLINK("https://evil","x")' in names
                assert LONG in names, "never truncated"
    elif fmt == "toml":
        data = tomllib.loads(out)
        assert [p["name"] for p in data["programs"]] == HOSTILE
    elif fmt == "markdown":
        assert "\\[bold\\]" in out or command == "show"
        assert "](https://evil" not in out
        assert "<a " not in out
    elif fmt == "table":
        # (test_markup_is_literal_in_tables checks the text; long values fold here)
        assert not COLOUR.search(out), "markup in data never colours the table"


@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    "args",
    [["list"], ["show", "markup"], ["compare", "markup", "plain"]],
    ids=lambda a: a[0],
)
def test_markup_is_literal_in_tables(
    args: list[str], tty: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if tty:
        fake_terminal(monkeypatch)
    markup = "[bold]x[/bold] [link=https://e.x]y[/link]"
    text = catalog_text(program(id="markup", name=markup, provider="[red]P"), program(id="plain"))
    path = write(tmp_path, text)
    result = invoke(["--catalog", str(path), *args, "--format", "table"])
    assert result.exit_code == 0, result.stderr
    plain = SGR.sub("", result.stdout)
    # `list` has narrow columns that fold long words: check the pieces that fit.
    # (the list table may leave the provider out)
    pieces = ["[bold]", "[link="] if args[0] == "list" else [*markup.split(), "[red]P"]
    for piece in pieces:
        assert piece in plain, plain
    assert not COLOUR.search(result.stdout)
    assert_inert(result.stdout, styled=tty)


def test_toml_output_of_hostile_catalog_is_a_valid_catalog(hostile_catalog: Path) -> None:
    result = invoke(["--catalog", str(hostile_catalog), "list", "--format", "toml"])
    assert result.exit_code == 0
    again = write(hostile_catalog.parent, result.stdout, "again.toml")
    rules = load_rules(use_cache=False)
    first = load_catalog(str(hostile_catalog), rules=rules, today=TODAY, use_cache=False)
    second = load_catalog(str(again), rules=rules, today=TODAY, use_cache=False)
    assert first.programs == second.programs


def test_table_shows_markup_literally_on_a_terminal(
    hostile_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_terminal(monkeypatch)
    result = invoke(["--catalog", str(hostile_catalog), "show", "hostile-0", "--format", "table"])
    assert result.exit_code == 0
    plain = SGR.sub("", result.stdout)
    assert "[bold]x[/bold]" in plain
    assert "[link=https://evil.example]y[/link]" in plain
    assert "\x1b[" in result.stdout, "styled: this is the terminal path"
    assert_inert(result.stdout, styled=True)


def test_hostile_rules_text_in_vocabularies(tmp_path: Path) -> None:
    rules = RULES_TEXT.replace(
        'meaning = "', 'meaning = "\\u001b[31m[bold]\\u202e\\r\\n\\t=cmd ', 1
    )
    assert rules != RULES_TEXT
    path = write(tmp_path, rules, "rules.toml")
    for command in ("roles", "goals", "topics", "degrees"):
        for fmt in FORMATS:
            result = invoke(["--rules", str(path), command, "--format", fmt])
            assert result.exit_code == 0, result.stderr
            assert_inert(result.stdout)


def test_unicode_passes_through_unchanged(hostile_catalog: Path) -> None:
    result = invoke(["--catalog", str(hostile_catalog), "show", "hostile-5", "--format", "tsv"])
    assert UNICODE.split()[1] in result.stdout  # the ZWJ emoji's person, unharmed
    assert "\u533b\u7597" in result.stdout and "e\u0301\u0327" in result.stdout


# ---- 3. the process's edges (real processes) ----------------------------------------------------


def subprocess_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCAI_PATH_")}
    env.update(HCAI_PATH_CACHE_DIR=str(home / "cache"), HCAI_PATH_CONFIG_DIR=str(home / "cfg"))
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture(scope="module")
def big_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that its tsv fills any pipe buffer and loading takes a while."""
    entries = [program(id=f"p-{i}", name=f"Program {i}", cost_usd=i) for i in range(3000)]
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(tomli_w.dumps({"programs": entries}), encoding="utf-8")
    return path


def test_stdout_closed_early(big_catalog: Path, env: Path) -> None:
    command = (
        f"{sys.executable} -m hcai_path --catalog '{big_catalog}' list --format tsv | head -1;"
        ' exit "${PIPESTATUS[0]}"'
    )
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, env=subprocess_env(env), timeout=120
    )
    assert done.stdout.decode().startswith("id\tname\t")
    assert done.stdout.count(b"\n") == 1
    assert b"Traceback" not in done.stderr, done.stderr
    assert b"Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


def test_full_disk(env: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    command = f"{sys.executable} -m hcai_path list --format json > /dev/full"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, env=subprocess_env(env), timeout=60
    )
    assert done.returncode not in (0, 2), "a full disk is a failure, not a usage error"
    assert b"Traceback" not in done.stderr, done.stderr
    assert b"No space left" in done.stderr


def test_output_to_a_fifo_keeps_the_fifo(tmp_path: Path, env: Path) -> None:
    """`--output` to something not a regular file writes into it; it never replaces it."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [sys.executable, "-m", "hcai_path", "list", "--format", "json", "--output", str(fifo)],
        env=subprocess_env(env),
        stderr=subprocess.PIPE,
    )
    with open(fifo, "rb") as reader:
        data = reader.read()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert json.loads(data)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def sigint_after(args: list[str], env: Path, delay: float) -> tuple[int, bytes]:
    child = subprocess.Popen(
        [sys.executable, "-m", "hcai_path", *args],
        env=subprocess_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    return child.returncode, err


def start_on_fifo(fifo: Path, env: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """Run `--catalog FIFO ARGS`; return once the child has opened the FIFO (past start-up)."""
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [sys.executable, "-m", "hcai_path", "--catalog", str(fifo), *args],
        env=subprocess_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:  # a non-blocking open for writing succeeds once the reader has opened it
        try:
            return child, os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            assert time.monotonic() < deadline, "the child never opened the catalog"
            time.sleep(0.01)


def test_sigint_while_reading_the_catalog(tmp_path: Path, env: Path) -> None:
    """Deterministic: the process blocks reading a FIFO catalog, then gets Ctrl-C."""
    child, fd = start_on_fifo(tmp_path / "catalog.toml", env, "list")
    try:
        time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        os.close(fd)
    assert child.returncode == 130, err
    assert b"Traceback" not in err, err


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5])
def test_sigint_while_working(big_catalog: Path, tmp_path: Path, env: Path, delay: float) -> None:
    """Ctrl-C while parsing, validating or printing a large catalog fed through a FIFO."""
    child, fd = start_on_fifo(tmp_path / "catalog.toml", env, "list", "--format", "json")
    try:
        os.set_blocking(fd, True)
        os.write(fd, big_catalog.read_bytes())
    finally:
        os.close(fd)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode in (130, 0), err  # 0: it finished first
    assert b"Traceback" not in err, err


def test_sigint_right_after_start(env: Path) -> None:
    for i in range(12):
        code, err = sigint_after(["list", "--format", "json"], env, i * 0.01)
        # A Ctrl-C during the interpreter's own start-up (runpy still importing the package)
        # is Python's; one raised in a frame of our own source files is ours.
        ours = re.search(rb'File "[^"]*hcai_path[/\\][^"]*\.py"', err) is not None
        assert not (ours and b"Traceback" in err), err
        assert code in (130, 0, -signal.SIGINT) or not ours, (code, err)


# ---- the loaders never raise anything but DataFileError -----------------------------------------


def loads(text: str | bytes, tmp_path: Path) -> Callable[[], object]:
    path = write(tmp_path, text, "any.toml")
    rules = load_rules(use_cache=False)
    return lambda: load_catalog(str(path), rules=rules, today=TODAY, use_cache=False)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_loader_raises_only_data_file_error(case: str, tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        loads(BROKEN[case][0], tmp_path)()
    assert caught.value.problems
    assert all(p.path.endswith("any.toml") for p in caught.value.problems)


def test_validate_paths_is_usable_as_a_library(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD, "good.toml")
    assert catalog_mod.validate_paths([str(good)], rules_path=None, today=TODAY) == []


@pytest.mark.parametrize("size", [3, 3000])
def test_invalid_catalog_through_a_fifo_is_located(tmp_path: Path, env: Path, size: int) -> None:
    """A pipe cannot be read twice: the slow path, which names the problem, uses the kept bytes
    (small catalogs go to tomllib, large ones are cut into pieces for rtoml first)."""
    entries = [program(id=f"p-{i}", name=f"Program {i}") for i in range(size)]
    entries[-1]["delivery"] = "by-pigeon"
    child, fd = start_on_fifo(tmp_path / "catalog.toml", env, "list", "--format", "json")
    try:
        os.set_blocking(fd, True)
        os.write(fd, tomli_w.dumps({"programs": entries}).encode())
    finally:
        os.close(fd)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 3, err
    assert b"by-pigeon" in err and f"p-{size - 1}".encode() in err, err
    assert b"Traceback" not in err, err
