"""`recommend` through the command line: every format, exit codes, notes on stderr, hostile
data, and the contract's rules that hold whatever the pathway (cli/pathway.py).

Which programs a pathway holds is the engine's business: those tests are in
tests/cli/test_recommend_cmd.py. Nothing here names a program a pathway must contain.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FORBIDDEN, Invoke, set_cli_today
from data_cases import HOSTILE, catalog_text, hostile_entries, program, write

from hcai_path.render import Format
from hcai_path.render.pathway_text import STEP_COLUMNS

LATER = dt.date(2030, 1, 1)
PATHWAY_FORMATS = [f for f in Format if f not in (Format.AUTO, Format.TOML)]
NURSE = ["recommend", "--role", "nurse"]


@pytest.fixture(autouse=True)
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped catalog, on a day later than its `verified` dates."""
    set_cli_today(monkeypatch, LATER)


def recommend_json(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any] | None, str]:
    result = invoke([*NURSE[:1], *args, "--format", "json"])
    data = json.loads(result.stdout) if result.stdout else None
    return result.exit_code, data, result.stderr


@pytest.mark.parametrize("fmt", PATHWAY_FORMATS)
def test_every_format(invoke: Invoke, fmt: Format) -> None:
    result = invoke([*NURSE, "--format", fmt.value], env={"TERM": "xterm-256color"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out + result.stderr, "no ANSI off a terminal"
    steps = json.loads(invoke([*NURSE, "-f", "json"]).stdout)["steps"]
    ids = [s["program"]["id"] for s in steps]
    assert ids, "the shipped catalog has a pathway for a nurse"
    if fmt is Format.TSV:
        lines = out.splitlines()
        assert lines[0] == "\t".join(STEP_COLUMNS)
        assert [line.split("\t")[2] for line in lines[1:]] == ids
        assert [line.split("\t")[0] for line in lines[1:]] == [str(i + 1) for i in range(len(ids))]
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == list(STEP_COLUMNS) and [r[2] for r in rows[1:]] == ids
    elif fmt is Format.JSONL:
        assert [json.loads(x)["program"]["id"] for x in out.splitlines()] == ids
    elif fmt is Format.SVG:
        assert out.lstrip().startswith("<svg") and out.rstrip().endswith("</svg>")
    else:
        for ident in ids:
            assert ident in out or fmt is Format.TABLE


def test_json_is_the_contract(invoke: Invoke) -> None:
    code, data, stderr = recommend_json(
        invoke, "--role", "rn", "--goal", "governance", "--budget", "20000", "--delivery", "online"
    )
    assert code == 0 and data is not None, stderr
    assert {"role", "family", "goals", "constraints", "foundation", "steps", "totals", "gaps",
            "degree_options", "alternatives", "also_consider", "notes"} <= set(data)  # fmt: skip
    assert (data["role"], data["family"], data["goals"]) == ("nurse", "clinician", ["governance"])
    assert data["constraints"]["budget_usd"] == 20000
    assert data["constraints"]["delivery"] == "online"
    assert data["foundation"]["status"] in ("held", "assumed", "recommended")
    for order, step in enumerate(data["steps"], 1):
        assert step["order"] == order
        assert step["kind"] in ("degree", "fellowship", "certification", "certificate", "course")
        assert step["why"].strip()
        assert not set(step["closes"]) & set(data["gaps"]), "closed is never a gap"
    assert set(data["totals"]) >= {"cost_usd", "unknown_cost_steps", "months"}


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "nurse", "--budget", "3000"],
        ["--role", "physician", "--goal", "clinical-nlp", "--delivery", "online"],
        ["--role", "health-leader", "--goal", "leadership", "--months", "6"],
        ["--role", "data-scientist", "--goal", "imaging", "--country", "GB"],
        ["--role", "pharmacist", "--budget", "20000", "--months", "30", "--country", "US"],
        ["--role", "nurse", "--goal", "informatics", "--years", "3", "--have", "bachelors"],
    ],
)
def test_hard_constraints_are_never_broken(invoke: Invoke, args: list[str]) -> None:
    """Whatever the pathway: every step matches --delivery and --country, the known costs and
    lengths fit --budget and --months, and nothing of unknown cost or length is counted free."""
    code, data, stderr = recommend_json(invoke, *args)
    assert code in (0, 1), stderr
    if code == 1:
        assert data is None and stderr.startswith("error: no pathway fits")
        return
    assert data is not None
    given = dict(zip(args[::2], args[1::2], strict=True))
    steps = data["steps"]
    programs = [s["program"] for s in steps]
    if "--delivery" in given:
        assert all(p["delivery"] == given["--delivery"] for p in programs)
    if "--country" in given:
        assert all(p["delivery"] == "online" or p["country"] == given["--country"]
                   for p in programs)  # fmt: skip
    if "--budget" in given:
        assert all(s["program"]["cost_usd"] is not None for s in steps)
        assert data["totals"]["cost_usd"] <= float(given["--budget"])
    if "--months" in given:
        assert all(p["duration_months"] is not None for p in programs)
        assert data["totals"]["months"] <= float(given["--months"])
    assert all(p["status"] not in ("discontinued", "paused") for p in programs)


def test_notes_go_to_stderr_in_a_pipe(invoke: Invoke) -> None:
    """In a pipe, what a table shows beside the steps goes to stderr; --quiet drops it."""
    noisy = invoke([*NURSE, "-f", "tsv"])
    assert noisy.exit_code == 0 and noisy.stderr.strip()
    assert all(line.count("\t") == len(STEP_COLUMNS) - 1 for line in noisy.stdout.splitlines())
    quiet = invoke([*NURSE, "-f", "tsv", "--quiet"])
    assert quiet.stdout == noisy.stdout and quiet.stderr == ""


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl", "json", "markdown", "svg"])
def test_notes_on_stderr_in_every_format_but_the_table(invoke: Invoke, fmt: str) -> None:
    """Whatever the format, someone reading a pipe's output (`| jq`, `| cut`) still sees the
    degree options, programs to also consider and notes on stderr; a table shows them itself."""
    result = invoke([*NURSE, "--goal", "informatics", "-f", fmt])
    assert result.exit_code == 0
    assert "Degree option: " in result.stderr
    table = invoke([*NURSE, "--goal", "informatics", "-f", "table"])
    assert table.exit_code == 0 and table.stderr == ""


def test_output_to_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    result = invoke([*NURSE, "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").lstrip().startswith("<svg")
    as_json = tmp_path / "plan.json"
    invoke([*NURSE, "--output", str(as_json)])
    assert json.loads(as_json.read_text(encoding="utf-8"))["role"] == "nurse"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.svg"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["recommend"], 2, "--role is required"),
        (["recommend", "--role", "wizard"], 2, "unknown role 'wizard'"),
        (["recommend", "--role", "nurse", "--have", "nothing-like-this"], 2, "program id or"),
        (["recommend", "--role", "nurse", "--format", "toml"], 2, "toml"),
        (["recommend", "--role", "nurse", "--budget", "0", "--months", "0"], 1,
         "error: no pathway fits"),
    ],
)  # fmt: skip
def test_exit_codes(invoke: Invoke, args: list[str], code: int, words: str) -> None:
    result = invoke(args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    if code != 0:
        assert result.stdout == ""


def test_an_empty_answer_names_the_nearest_programs(invoke: Invoke, catalog_file: Path) -> None:
    """Exit 1, and on stderr the nearest programs with the constraint each breaks."""
    result = invoke(["--catalog", str(catalog_file), *NURSE, "--budget", "0", "-f", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: no pathway fits")
    named = [line for line in lines[1:] if re.match(r"  [a-z0-9-]+: ", line)]
    assert named, result.stderr


def test_a_broken_catalog_is_exit_3(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, catalog_text(program(cost_usd=-1)))
    result = invoke(["--catalog", str(path), *NURSE])
    assert result.exit_code == 3 and result.stdout == ""
    assert f"{path}:" in result.stderr and "field 'cost_usd'" in result.stderr


@pytest.mark.parametrize("fmt", PATHWAY_FORMATS)
def test_hostile_data_in_a_pathway_is_inert(invoke: Invoke, tmp_path: Path, fmt: Format) -> None:
    """A catalog whose strings are hostile: whatever pathway comes out, in every format, no
    raw control, bidi or link escape reaches the output or the notes."""
    entries = hostile_entries()
    for i, entry in enumerate(entries):
        entry.update(roles=["nurse"], topics=["ethics", "leadership"], delivery="online",
                     eligibility={"routes": [{"note": HOSTILE[i]}]})  # fmt: skip
    path = write(tmp_path, catalog_text(*entries))
    result = invoke(["--catalog", str(path), *NURSE, "--format", fmt.value])
    assert result.exit_code in (0, 1), result.stderr
    assert FORBIDDEN.search(result.stdout) is None
    assert FORBIDDEN.search(result.stderr) is None
    assert "\x1b]8" not in result.stdout + result.stderr
    if fmt is Format.JSON and result.stdout:
        names = {s["program"]["name"] for s in json.loads(result.stdout)["steps"]}
        assert names <= set(HOSTILE)
