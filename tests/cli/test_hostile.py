"""Hostile strings that are valid data, through the whole command line: shown literally or
escaped in every format, on a terminal and in a pipe; never acting on either."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import FORBIDDEN, Invoke, set_cli_today
from data_cases import (
    HOSTILE,
    HOSTILE_IDS,
    LONG,
    MARKUP,
    RULES_TEXT,
    UNICODE,
    catalog_text,
    hostile_entries,
    program,
    write,
)

from hcai_path.load import load_catalog, load_rules

TODAY = dt.date(2030, 1, 1)
SGR = re.compile("\x1b\\[[0-9;]*m")  # Rich's own styling, allowed in a table on a terminal
COLOUR = re.compile("\x1b\\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
FORMATS = ["table", "json", "jsonl", "csv", "tsv", "markdown"]


@pytest.fixture(autouse=True)
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    set_cli_today(monkeypatch, TODAY)


def assert_inert(output: str, *, styled: bool = False) -> None:
    text = SGR.sub("", output) if styled else output
    found = FORBIDDEN.search(text)
    if found is not None:
        near = text[max(0, found.start() - 40) : found.end() + 40]
        raise AssertionError(f"raw {found.group()!r} in output near {near!r}")
    assert "\x1b]8" not in output


@pytest.fixture
def hostile_catalog(tmp_path: Path) -> Path:
    return write(tmp_path, catalog_text(*hostile_entries()), "hostile.toml")


def commands() -> list[list[str]]:
    out: list[list[str]] = [["list", "--format", fmt] for fmt in [*FORMATS, "toml"]]
    for fmt in FORMATS:
        out.append(["show", "hostile-0", "--format", fmt])
        out.append(["show", "hostile-2", "--format", fmt])
        out.append(["compare", *HOSTILE_IDS, "--format", fmt])
    return out


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the table renderer believe stdout is a terminal (CliRunner swaps sys.stdout)."""
    import types

    from hcai_path.render import rich_table, terminal

    fake = types.SimpleNamespace(stdout=FakeTTY(), platform="linux")
    monkeypatch.setattr(rich_table, "sys", fake)
    monkeypatch.setattr(terminal, "sys", fake)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("args", commands(), ids=lambda a: "-".join(a[:1] + a[-1:]))
def test_hostile_strings_never_act(
    args: list[str], tty: bool, hostile_catalog: Path, monkeypatch: pytest.MonkeyPatch,
    invoke: Invoke,
) -> None:  # fmt: skip
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
        originals = dict(zip(HOSTILE_IDS, HOSTILE, strict=True))
        for item in items:
            for key in ("name", "provider", "cost_note", "prerequisites", "duration_note",
                        "status_note"):  # fmt: skip
                assert item[key] == originals[item["id"]]
            assert item["eligibility"]["note"] == originals[item["id"]]
            assert item["eligibility"]["routes"][0]["note"] == originals[item["id"]]
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
        assert not COLOUR.search(out), "markup in data never colours the table"


@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    "args", [["list"], ["show", "markup"], ["compare", "markup", "plain"]], ids=lambda a: a[0]
)
def test_markup_is_literal_in_tables(
    args: list[str], tty: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    if tty:
        fake_terminal(monkeypatch)
    markup = "[bold]x[/bold] [link=https://e.x]y[/link]"
    text = catalog_text(program(id="markup", name=markup, provider="[red]P"), program(id="plain"))
    result = invoke(["--catalog", str(write(tmp_path, text)), *args, "--format", "table"])
    assert result.exit_code == 0, result.stderr
    plain = SGR.sub("", result.stdout)
    # `list` shortens long names with an ellipsis (`show` has the rest): its ids then
    pieces = ["markup", "plain"] if args[0] == "list" else [*markup.split(), "[red]P"]
    for piece in pieces:
        assert piece in plain, plain
    assert not COLOUR.search(result.stdout)
    assert_inert(result.stdout, styled=tty)


def test_table_shows_markup_literally_on_a_terminal(
    hostile_catalog: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    fake_terminal(monkeypatch)
    result = invoke(["--catalog", str(hostile_catalog), "show", "hostile-0", "--format", "table"])
    assert result.exit_code == 0
    plain = " ".join(SGR.sub("", result.stdout).split())
    assert "[bold]x[/bold]" in plain
    assert "[link=https://evil.example]y[/link]" in plain
    assert "\x1b[" in result.stdout, "styled: this is the terminal path"
    assert_inert(result.stdout, styled=True)
    assert MARKUP.split()[0] in plain


def test_toml_output_of_hostile_catalog_is_a_valid_catalog(
    hostile_catalog: Path, invoke: Invoke
) -> None:
    result = invoke(["--catalog", str(hostile_catalog), "list", "--format", "toml"])
    assert result.exit_code == 0
    again = write(hostile_catalog.parent, result.stdout, "again.toml")
    rules = load_rules(use_cache=False)
    first = load_catalog(str(hostile_catalog), rules=rules, today=TODAY, use_cache=False)
    second = load_catalog(str(again), rules=rules, today=TODAY, use_cache=False)
    assert first.programs == second.programs


def test_hostile_rules_text_in_vocabularies(tmp_path: Path, invoke: Invoke) -> None:
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


def test_unicode_passes_through_unchanged(hostile_catalog: Path, invoke: Invoke) -> None:
    index = HOSTILE.index(UNICODE)
    shown = invoke(["--catalog", str(hostile_catalog), "show", f"hostile-{index}", "-f", "tsv"])
    assert UNICODE.split()[1] in shown.stdout  # the ZWJ emoji's person, unharmed
    assert "\u533b\u7597" in shown.stdout and "e\u0301\u0327" in shown.stdout


EVIL = {
    "id": "evil",
    "name": "[bold]Evil[/bold] [link=https://x.example]click[/link] \x1b[31mred\x1b[0m",
    "provider": '=HYPERLINK("https://x.example")',
    "prerequisites": "line one\nline two\twith tab \\ and \u202e bidi",
}


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "tsv", "markdown", "toml"])
def test_data_is_printed_literally(tmp_path: Path, invoke: Invoke, fmt: str) -> None:
    path = write(tmp_path, catalog_text(program(**EVIL)))
    # `list` as a table shortens names; the two-column `show` table keeps the name whole
    command = ["show", "evil"] if fmt == "table" else ["list"]
    result = invoke(["--catalog", str(path), *command, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\u202e" not in out
    if fmt == "toml":
        assert tomllib.loads(out)["programs"][0]["name"] == EVIL["name"]
    elif fmt in ("json", "jsonl"):
        record = json.loads(out)[0] if fmt == "json" else json.loads(out)
        assert record["name"] == EVIL["name"]
    elif fmt == "markdown":
        assert "\\[bold\\]Evil\\[/bold\\]" in out
    else:
        flat = " ".join(out.split())
        assert "[bold]Evil[/bold]" in flat
        assert "[link=https://x.example]click[/link]" in flat
    if fmt == "csv":
        assert "'=HYPERLINK" in out
    if fmt == "tsv":
        assert "line one\\nline two\\twith tab \\\\ and \\u202e bidi" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv", "markdown", "toml"])
def test_machine_formats_never_truncate(tmp_path: Path, invoke: Invoke, fmt: str) -> None:
    """At COLUMNS=20 a 300-character value survives whole."""
    long_value = "word " * 59 + "last!"
    assert len(long_value) == 300
    path = write(tmp_path, catalog_text(program(prerequisites=long_value, name="N" * 300)))
    env = {"COLUMNS": "20", "LINES": "5"}
    result = invoke(["--catalog", str(path), "list", "--format", fmt], env=env)
    assert result.exit_code == 0
    assert "N" * 300 in result.stdout
    if fmt != "markdown":  # markdown's list view has no prerequisites column
        assert long_value in result.stdout
    assert "…" not in result.stdout
    shown = invoke(["--catalog", str(path), "show", "test-program", "--format", "json"], env=env)
    assert json.loads(shown.stdout)["prerequisites"] == long_value


def test_a_utf8_bom_is_accepted(tmp_path: Path, invoke: Invoke) -> None:
    from data_cases import GOOD

    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    result = invoke(["--catalog", str(path), "list", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == ["test-program"]
