"""The pathway views of every format (render/*), from a pathway built by hand."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import FORBIDDEN, TODAY, make_program

from hcai_path.render import Context, Format, formats_for, formatter
from hcai_path.render.json import pathway_record
from hcai_path.render.pathway_text import STEP_COLUMNS, step_rows, timeline
from hcai_path.rules import Rules
from render.pathways import sample_pathway
from render.programs import COMPUTED, FRESH, ODD

PATHWAY = sample_pathway([FRESH, ODD, COMPUTED], "plain")
# The contract's keys of `recommend --format json` (more are allowed).
CONTRACT_KEYS = {
    "role", "family", "goals", "constraints", "foundation", "steps", "totals", "gaps",
    "degree_options", "alternatives", "also_consider", "notes",
}  # fmt: skip


def test_json_is_the_contract(rules: Rules) -> None:
    record = json.loads(str(formatter(Format.JSON).pathway(PATHWAY, Context(TODAY, rules=rules))))
    assert record == pathway_record(PATHWAY, today=TODAY)
    assert CONTRACT_KEYS <= set(record)
    assert set(record["constraints"]) >= {"budget_usd", "months", "delivery", "country", "have"}
    assert set(record["foundation"]) == {"name", "status", "program_id"}
    step = record["steps"][0]
    assert {"order", "kind", "program", "closes", "builds", "why"} <= set(step)
    assert step["program"]["id"] == "p1" and step["program"]["stale"] is False
    assert set(record["totals"]) >= {"cost_usd", "unknown_cost_steps", "months"}
    assert record["totals"]["unknown_cost_steps"] == 1  # ODD: unknown, never counted as free
    assert record["degree_options"][0]["program"]["id"] == "p3"
    assert {"label", "reason", "steps", "totals", "gaps"} <= set(record["alternatives"][0])
    assert {"program", "reason"} <= set(record["also_consider"][0])
    lines = str(formatter(Format.JSONL).pathway(PATHWAY, Context(TODAY, rules=rules)))
    assert [json.loads(x)["order"] for x in lines.splitlines()] == [1, 2, 3]


def test_delimited_rows_are_the_steps(rules: Rules) -> None:
    """tsv and csv: one row per step: order, kind, id, name, type, cost_usd,
    duration_months, closes, why."""
    assert STEP_COLUMNS == (
        "order", "kind", "id", "name", "type", "cost_usd", "duration_months", "closes", "why",
    )  # fmt: skip
    tsv = str(formatter(Format.TSV).pathway(PATHWAY, Context(TODAY, rules=rules)))
    assert tsv.splitlines() == [
        "\t".join(STEP_COLUMNS),
        "1\tdegree\tp1\tProgram One\tprofessional\t100\t3\tai-basics\twhy 1: plain",
        "2\tcertificate\tp2\tTwo [bold]x[/bold] | y\tacademic\t\t\t\twhy 2: plain",
        "3\tcertificate\tp3\tThree\tprofessional\t1250\t12\t\twhy 3: plain",
    ]
    rows = list(csv.reader(io.StringIO(str(formatter(Format.CSV).pathway(PATHWAY, Context(
        TODAY, headers=False, rules=rules))))))  # fmt: skip
    assert [r[2] for r in rows] == ["p1", "p2", "p3"]
    assert step_rows(PATHWAY)[1][5] is None


def test_timeline_stops_the_clock_at_an_unknown_length() -> None:
    spans = timeline(PATHWAY)
    assert [ident for ident, _, _ in spans] == ["p1", "p2", "p3"]
    assert spans[0][1].startswith("months 0")
    assert "unknown" in spans[1][1] or "?" in spans[1][2]


@pytest.mark.parametrize("fmt", [f for f in formats_for("pathway") if f is not Format.AUTO])
def test_every_pathway_format_shows_every_step(fmt: Format, rules: Rules) -> None:
    out = "".join(formatter(fmt).pathway(PATHWAY, Context(TODAY, rules=rules)))
    for ident in ("p1", "p2", "p3"):
        assert ident in out, fmt
    if fmt is Format.SVG:
        assert out.lstrip().startswith("<svg") and out.rstrip().endswith("</svg>")


HOSTILE = "[bold]x[/bold] \x1b[31mred\x1b]8;;https://evil\x07 \u202egnp.exe =1+1\r\nfake line"


@pytest.mark.parametrize("fmt", [f for f in formats_for("pathway") if f is not Format.AUTO])
def test_hostile_text_in_a_pathway_is_inert(fmt: Format, rules: Rules) -> None:
    hostile = sample_pathway([FRESH._replace(name=HOSTILE), ODD], HOSTILE)
    out = "".join(formatter(fmt).pathway(hostile, Context(TODAY, rules=rules)))
    assert FORBIDDEN.search(out) is None, out[:300]
    assert "\x1b]8" not in out
    if fmt is Format.JSON:
        assert json.loads(out)["steps"][0]["why"] == f"why 1: {HOSTILE}"
        assert json.loads(out)["notes"] == [f"a note: {HOSTILE}"]
    if fmt in (Format.TSV, Format.CSV):
        assert len(out.splitlines()) == 3, "no line break comes from the data"
    if fmt is Format.MARKDOWN:
        assert "\\[bold\\]" in out and "](https://evil" not in out


def test_timeline_after_an_unknown_length_each_step_follows_the_one_before() -> None:
    """Step 1 of unknown length, step 2 of 24 months, step 3 of 0.1: step 3 starts after step
    2 (the board exam after the fellowship), not alongside it after step 1."""
    programs = [
        make_program(id="a", duration_months=None),
        make_program(id="b", duration_months=24),
        make_program(id="c", duration_months=0.1),
    ]
    assert timeline(sample_pathway(programs)) == [
        ("a", "from month 0, length unknown", "?"),
        ("b", "after step 1, 24 months", "?"),
        ("c", "after step 2, 0.1 months", "?"),
    ]


def test_timeline_places_a_step_open_only_after_years_after_them() -> None:
    """A residency of 24 months, then AHIC, open only after 6 years of experience the user did
    not give: the exam is not placed at month 24, and what follows it follows it."""
    programs = [
        make_program(id="a", duration_months=24),
        make_program(id="b", duration_months=0.01),
        make_program(id="c", duration_months=2),
    ]
    pathway = sample_pathway(programs)
    steps = list(pathway.steps)
    steps[1] = steps[1]._replace(after_years=6)
    assert timeline(pathway._replace(steps=tuple(steps))) == [
        ("a", "months 0-24", "#" * 22),  # 24 of 26.01 months known, of 24 columns
        ("b", "after 6 years' experience, 0.01 months", "?"),
        ("c", "after step 2, 2 months", "?"),
    ]
