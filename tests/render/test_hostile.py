"""Hostile but valid strings in every view of every format: shown literally or escaped, never
acting on a terminal, a spreadsheet or a markdown page; machine formats give them back whole."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from typing import Any

from conftest import FORBIDDEN, make_program
from fuzzing import FUZZ, TODAY
from hypothesis import given
from hypothesis import strategies as st

from hcai_path.models import Eligibility, Program, Route
from hcai_path.render import Context, Format, formatter

hostile_text = st.text(
    st.characters(blacklist_categories=["Cs"])
    | st.sampled_from(["\x1b", "\x9b", "\r", "\n", "\t", "\u202e", "\u2066", "[", "]", "=", "\\"]),
    min_size=1,
    max_size=60,
)
CTX = Context(today=TODAY)


def hostile_programs(strings: list[str]) -> list[Program]:
    return [
        make_program(
            id=f"p-{i}",
            name=s,
            provider=f"{s[::-1]} {i}",
            prerequisites=s,
            cost_note=s,
            duration_note=s,
            status_note=s,
            eligibility=Eligibility((Route(("nurse",), (), 1, s),), s),
        )
        for i, s in enumerate(strings)
    ]


def outputs(programs: list[Program]) -> dict[str, str]:
    """Every rendering of these programs that list, show and compare can produce."""
    out: dict[str, str] = {}
    for fmt in (f for f in Format if f not in (Format.AUTO, Format.SVG)):
        views: dict[str, Any] = {"list": lambda f: f.programs(programs, CTX)}
        if fmt is not Format.TOML:
            views["show"] = lambda f: f.program(programs[0], CTX)
            views["compare"] = lambda f: f.compare(programs, CTX)
        for name, view in views.items():
            out[f"{name}-{fmt.value}"] = "".join(view(formatter(fmt)))
    return out


@FUZZ
@given(st.lists(hostile_text, min_size=1, max_size=3))
def test_hostile_strings_in_every_format(strings: list[str]) -> None:
    programs = hostile_programs(strings)
    out = outputs(programs)
    for name, rendered in out.items():
        found = FORBIDDEN.search(rendered)
        assert found is None, (name, found and found.group(), rendered[:300])
    records = json.loads(out["list-json"])
    assert [r["name"] for r in records] == strings
    assert [r["eligibility"]["routes"][0]["note"] for r in records] == strings
    lines = out["list-jsonl"].splitlines()
    assert [json.loads(line)["status_note"] for line in lines] == strings
    tsv = out["list-tsv"]
    assert tsv.count("\n") == len(tsv.splitlines()) == len(programs) + 1
    assert len({line.count("\t") for line in tsv.splitlines()}) == 1
    rows = list(csv.reader(io.StringIO(out["list-csv"])))
    assert len(rows) == len(programs) + 1 == out["list-csv"].count("\n")
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert [p["name"] for p in tomllib.loads(out["list-toml"])["programs"]] == strings
