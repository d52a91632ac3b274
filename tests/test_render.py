"""The formatters of render.py and table.py, with the exact text each must produce."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from conftest import TODAY, make_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcai_path import render, table
from hcai_path.catalog import load_catalog, load_rules, validate_paths
from hcai_path.models import (
    ACADEMIC_CREDENTIALS,
    DEGREE_CREDENTIALS,
    Credential,
    Eligibility,
    Program,
)
from hcai_path.render import Format

FRESH = make_program()
ODD = make_program(
    id="p2",
    name="Two [bold]x[/bold] | y",
    provider="=Evil",
    type="academic",
    credential="masters",
    delivery="hybrid",
    duration_months=None,
    cost_usd=None,
    cost_note="not published",
    topics=("informatics", "data-science"),
    roles=("clinician",),
    eligibility=Eligibility(("nurse",), ("nursing-bachelors",), 2, "two years"),
    awards=("masters",),
    verified=dt.date(2019, 1, 1),
    prerequisites="tab\there\nnewline \\ back",
)

HEADER = (
    "id\tname\tprovider\ttype\tcredential\tdelivery\tduration_months\tcost_usd\tcost_note"
    "\ttopics\troles\tprerequisites\turl\tsource\tverified\tstale\n"
)
FRESH_TSV = (
    "p1\tProgram One\tProvider One\tprofessional\tcertificate\tonline\t3\t100\t\tethics\tnurse"
    "\tNone.\thttps://one.example.org/\thttps://one.example.org/src\t2026-01-01\tfalse\n"
)
ODD_TSV = (
    "p2\tTwo [bold]x[/bold] | y\t=Evil\tacademic\tmasters\thybrid\t\t\tnot published"
    "\tinformatics;data-science\tclinician\ttab\\there\\nnewline \\\\ back"
    "\thttps://one.example.org/\thttps://one.example.org/src\t2019-01-01\ttrue\n"
)


# ---- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (["a", "b"], "a;b"),
        ((), ""),
        (24.0, "24"),
        (0.2, "0.2"),
        (0, "0"),
        ("text", "text"),
    ],
)
def test_cell(value: object, expected: str) -> None:
    """Delimited cells: None empty, booleans lowercase, lists joined with `;`, 24.0 as 24."""
    assert render.cell(value) == expected


@pytest.mark.parametrize(
    ("cost", "expected"), [(None, "unknown"), (0, "$0"), (30000, "$30,000"), (12.5, "$12.50")]
)
def test_money(cost: float | None, expected: str) -> None:
    """Unknown cost is spelled out, never shown as free."""
    assert render.money(cost) == expected


@pytest.mark.parametrize(
    ("months", "expected"), [(None, "unknown"), (0.2, "0.2 mo"), (12, "12 mo")]
)
def test_months(months: float | None, expected: str) -> None:
    assert render.months(months) == expected


# ---- tsv / csv -------------------------------------------------------------------------------


def test_programs_tsv_exact() -> None:
    """One header row; tab, newline and backslash escaped; lists joined with `;`."""
    out = render.programs_delimited([FRESH, ODD], today=TODAY, fmt=Format.TSV)
    assert out == HEADER + FRESH_TSV + ODD_TSV
    # every row has exactly as many cells as the header
    assert {line.count("\t") for line in out.splitlines()} == {15}


def test_programs_tsv_no_headers() -> None:
    out = render.programs_delimited([FRESH], today=TODAY, fmt=Format.TSV, headers=False)
    assert out == FRESH_TSV


def test_programs_csv_exact() -> None:
    """csv: a formula-looking cell is neutralized with a leading quote."""
    out = render.programs_delimited([FRESH, ODD], today=TODAY, fmt=Format.CSV)
    assert out == (
        "id,name,provider,type,credential,delivery,duration_months,cost_usd,cost_note,topics,"
        "roles,prerequisites,url,source,verified,stale\n"
        "p1,Program One,Provider One,professional,certificate,online,3,100,,ethics,nurse,None.,"
        "https://one.example.org/,https://one.example.org/src,2026-01-01,false\n"
        "p2,Two [bold]x[/bold] | y,'=Evil,academic,masters,hybrid,,,not published,"
        "informatics;data-science,clinician,tab\\there\\nnewline \\\\ back,"
        "https://one.example.org/,https://one.example.org/src,2019-01-01,true\n"
    )


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_neutralizes_formulas(lead: str) -> None:
    out = render.to_delimited(["a"], [[lead + "SUM(A1)"]], fmt=Format.CSV, headers=False)
    assert out == f"'{lead}SUM(A1)\n"


def test_csv_quotes_commas_and_quotes() -> None:
    out = render.to_delimited(["a", "b"], [['x, "y"', "z"]], fmt=Format.CSV)
    assert out == 'a,b\n"x, ""y""",z\n'


def test_tsv_escapes_controls() -> None:
    """No raw control character reaches a tsv cell."""
    out = render.to_delimited(["a"], [["\x1b[31mred\r\x00"]], fmt=Format.TSV, headers=False)
    assert out == "\\x1b[31mred\\r\\x00\n"


# ---- json ----------------------------------------------------------------------------------


def test_program_record_keys_and_values() -> None:
    """The contract's keys come first, in order; unknown cost is null; stale is derived."""
    record = render.program_record(ODD, TODAY)
    assert list(record)[:18] == [
        "id",
        "name",
        "provider",
        "type",
        "credential",
        "delivery",
        "duration_months",
        "cost_usd",
        "cost_note",
        "topics",
        "roles",
        "prerequisites",
        "eligibility",
        "url",
        "source",
        "verified",
        "stale",
        "duration_note",
    ]
    assert record["cost_usd"] is None
    assert record["duration_months"] is None
    assert record["stale"] is True
    assert record["verified"] == "2019-01-01"
    assert record["eligibility"] == {
        "roles": ["nurse"],
        "degrees": ["nursing-bachelors"],
        "min_years": 2,
        "note": "two years",
    }
    assert render.program_record(FRESH, TODAY)["eligibility"] is None
    assert render.program_record(FRESH, TODAY)["stale"] is False


def test_to_json_exact() -> None:
    assert (
        render.to_json([{"a": 1, "b": [None]}])
        == '[\n  {\n    "a": 1,\n    "b": [\n      null\n    ]\n  }\n]\n'
    )
    assert render.to_json([]) == "[]\n"


def test_to_jsonl_exact() -> None:
    assert render.to_jsonl([{"a": 1}, {"b": "é"}]) == '{"a":1}\n{"b":"é"}\n'
    assert render.to_jsonl([]) == ""


def test_json_escapes_terminal_controls() -> None:
    """C0, C1 and bidi controls are escaped, and the JSON still decodes to the same text."""
    value = "a\x1bb\x9bc\u202ed\u2028e"
    unsafe = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2028]")
    pretty = render.to_json({"v": value})
    assert not unsafe.search(pretty)
    assert json.loads(pretty) == {"v": value}
    line = render.to_jsonl([{"v": value}])
    assert not unsafe.search(line)
    assert json.loads(line) == {"v": value}


# ---- markdown ------------------------------------------------------------------------------


def test_programs_markdown_exact() -> None:
    """Grouped by type in catalog order; markup in data escaped; stale marked in words."""
    out = render.programs_markdown([FRESH, ODD], today=TODAY, title="T")
    assert out == (
        "# T\n"
        "2 programs; 1 stale as of 2026-06-01 (verified over 18 months earlier).\n"
        "\n## Professional (1)\n\n"
        "| Program | Provider | Credential | Delivery | Duration | Cost (USD) | Verified |\n"
        "|---|---|---|---|---|---|---|\n"
        "| [Program One](<https://one.example.org/>) `p1` | Provider One | certificate | online"
        " | 3 mo | $100 | [2026-01-01](<https://one.example.org/src>) |\n"
        "\n## Academic (1)\n\n"
        "| Program | Provider | Credential | Delivery | Duration | Cost (USD) | Verified |\n"
        "|---|---|---|---|---|---|---|\n"
        "| [Two \\[bold\\]x\\[/bold\\] \\| y](<https://one.example.org/>) `p2` | =Evil | masters"
        " | hybrid | unknown | unknown | [2019-01-01 (stale)](<https://one.example.org/src>) |\n"
    )


def test_markdown_url_cannot_break_the_table() -> None:
    """A `|` or `>` in a URL would end the cell or the link; they are percent-encoded."""
    p = make_program(url="https://x.org/a|b>c", source="https://x.org/s<t")
    out = render.programs_markdown([p], today=TODAY, title="T")
    row = out.splitlines()[-1]
    assert "(<https://x.org/a%7Cb%3Ec>)" in row
    assert "(<https://x.org/s%3Ct>)" in row
    assert row.count(" | ") == 6


def test_program_markdown_exact() -> None:
    out = render.program_markdown(ODD, today=TODAY)
    assert out == (
        "## Two \\[bold\\]x\\[/bold\\] \\| y\n\n"
        "- **id**: p2\n"
        "- **name**: Two \\[bold\\]x\\[/bold\\] \\| y\n"
        "- **provider**: =Evil\n"
        "- **type**: academic\n"
        "- **credential**: masters\n"
        "- **delivery**: hybrid\n"
        "- **duration**: unknown\n"
        "- **cost**: unknown (not published)\n"
        "- **topics**: informatics, data-science\n"
        "- **roles**: clinician\n"
        "- **prerequisites**: tab\\\\there\\\\nnewline \\\\ back\n"
        "- **eligibility**: roles: nurse; degrees: nursing-bachelors; "
        "at least 2 years of experience; two years\n"
        "- **awards**: masters\n"
        "- **counts_toward**: none\n"
        "- **prepares_for**: none\n"
        "- **url**: https://one.example.org/\n"
        "- **source**: https://one.example.org/src\n"
        "- **verified**: 2019-01-01 (stale: verified over 18 months ago)\n"
    )


# ---- compare -------------------------------------------------------------------------------


def test_compare_tsv_exact() -> None:
    """One column per program, one row per field."""
    out = render.compare_delimited([FRESH, ODD], today=TODAY, fmt=Format.TSV)
    assert out == (
        "field\tp1\tp2\n"
        "id\tp1\tp2\n"
        "name\tProgram One\tTwo [bold]x[/bold] | y\n"
        "provider\tProvider One\t=Evil\n"
        "type\tprofessional\tacademic\n"
        "credential\tcertificate\tmasters\n"
        "delivery\tonline\thybrid\n"
        "duration\t3 mo\tunknown\n"
        "cost\t$100\tunknown (not published)\n"
        "topics\tethics\tinformatics, data-science\n"
        "roles\tnurse\tclinician\n"
        "prerequisites\tNone.\ttab\\there\\nnewline \\\\ back\n"
        "eligibility\topen (no stated restriction)\troles: nurse; degrees: nursing-bachelors; "
        "at least 2 years of experience; two years\n"
        "awards\tnone\tmasters\n"
        "counts_toward\tnone\tnone\n"
        "prepares_for\tnone\tnone\n"
        "url\thttps://one.example.org/\thttps://one.example.org/\n"
        "source\thttps://one.example.org/src\thttps://one.example.org/src\n"
        "verified\t2026-01-01\t2019-01-01 (stale: verified over 18 months ago)\n"
    )
    no_headers = render.compare_delimited([FRESH, ODD], today=TODAY, fmt=Format.TSV, headers=False)
    assert no_headers == out.split("\n", 1)[1]


def test_compare_markdown_exact() -> None:
    out = render.compare_markdown([FRESH, ODD], today=TODAY)
    lines = out.splitlines()
    assert lines[:4] == [
        "| field | p1 | p2 |",
        "|---|---|---|",
        "| id | p1 | p2 |",
        "| name | Program One | Two \\[bold\\]x\\[/bold\\] \\| y |",
    ]
    assert lines[-1] == (
        "| verified | 2026-01-01 | 2019-01-01 (stale: verified over 18 months ago) |"
    )
    assert len(lines) == 2 + len(render.DETAIL_FIELDS)


# ---- vocabularies --------------------------------------------------------------------------

VOCAB_HEADER = ["id", "aliases", "meaning"]
VOCAB_ROWS = [["nurse", ["rn", "nursing"], "a nurse"], ["x", [], 'm|n, "q"\tt']]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            Format.TSV,
            'id\taliases\tmeaning\nnurse\trn;nursing\ta nurse\nx\t\tm|n, "q"\\tt\n',
        ),
        (
            Format.CSV,
            'id,aliases,meaning\nnurse,rn;nursing,a nurse\nx,,"m|n, ""q""\\tt"\n',
        ),
        (
            Format.MARKDOWN,
            "| id | aliases | meaning |\n|---|---|---|\n| nurse | rn;nursing | a nurse |\n"
            '| x |  | m\\|n, "q"\\\\tt |\n',
        ),
        (
            Format.JSONL,
            '{"id":"nurse","aliases":["rn","nursing"],"meaning":"a nurse"}\n'
            '{"id":"x","aliases":[],"meaning":"m|n, \\"q\\"\\tt"}\n',
        ),
    ],
)
def test_vocabulary_output_exact(fmt: Format, expected: str) -> None:
    assert render.vocabulary_output(VOCAB_HEADER, VOCAB_ROWS, fmt=fmt) == expected


def test_vocabulary_json_and_no_headers() -> None:
    out = render.vocabulary_output(VOCAB_HEADER, VOCAB_ROWS, fmt=Format.JSON)
    assert json.loads(out) == [
        {"id": "nurse", "aliases": ["rn", "nursing"], "meaning": "a nurse"},
        {"id": "x", "aliases": [], "meaning": 'm|n, "q"\tt'},
    ]
    tsv = render.vocabulary_output(VOCAB_HEADER, VOCAB_ROWS, fmt=Format.TSV, headers=False)
    assert tsv.splitlines()[0] == "nurse\trn;nursing\ta nurse"


# ---- toml: a valid catalog that round-trips ------------------------------------------------


def test_programs_toml_exact() -> None:
    out = render.programs_toml([FRESH])
    assert out == (
        "[[programs]]\n"
        'id = "p1"\n'
        'name = "Program One"\n'
        'provider = "Provider One"\n'
        'type = "professional"\n'
        'credential = "certificate"\n'
        'delivery = "online"\n'
        "duration_months = 3\n"
        "cost_usd = 100\n"
        "topics = [\n"
        '    "ethics",\n'
        "]\n"
        "roles = [\n"
        '    "nurse",\n'
        "]\n"
        'prerequisites = "None."\n'
        'url = "https://one.example.org/"\n'
        'source = "https://one.example.org/src"\n'
        "verified = 2026-01-01\n"
    )


def test_programs_toml_empty_is_loadable() -> None:
    """An empty selection is still a valid (empty) catalog."""
    import tomllib

    assert tomllib.loads(render.programs_toml([])).get("programs", []) == []


RULES = load_rules(use_cache=False)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)
IDENT = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
URL = st.from_regex(
    r"https://[a-z0-9]{1,10}(\.[a-z]{2,5}){1,2}(/[A-Za-z0-9._~:/?#@!$&'()*+,;=%\[\]-]{0,20})?",
    fullmatch=True,
)
NUMBER = st.one_of(st.integers(0, 180), st.floats(0, 180, allow_nan=False, allow_infinity=False))


def _subset(values: list[str], min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True).map(tuple)


@st.composite
def programs(draw: st.DrawFn) -> list[Program]:
    """Catalogs of valid programs, covering every optional field and every vocabulary."""
    ids = draw(st.lists(IDENT, min_size=0, max_size=4, unique=True))
    roles = sorted(RULES.role_vocabulary())
    degrees = list(RULES.degrees)
    out = []
    for index, ident in enumerate(ids):
        credential = draw(st.sampled_from([c.value for c in Credential]))
        if credential in DEGREE_CREDENTIALS:
            kind = "academic"
        elif credential in ACADEMIC_CREDENTIALS:
            kind = draw(st.sampled_from(["academic", "professional", "executive"]))
        else:
            kind = draw(st.sampled_from(["professional", "executive"]))
        cost = draw(st.one_of(st.none(), NUMBER.map(lambda n: n * 10000)))
        others = [i for i in ids if i != ident]
        out.append(
            Program(
                id=ident,
                name=f"{draw(TEXT)} #{index}",
                provider=draw(TEXT),
                type=kind,
                credential=credential,
                delivery=draw(st.sampled_from(["online", "in-person", "hybrid"])),
                duration_months=draw(st.one_of(st.none(), NUMBER)),
                duration_note=draw(st.one_of(st.just(""), TEXT)),
                cost_usd=cost,
                cost_note=draw(TEXT.filter(str.strip) if cost is None else st.just("")),
                topics=draw(_subset(list(RULES.topics), 1)),
                roles=draw(_subset(roles, 1)),
                prerequisites=draw(TEXT),
                eligibility=draw(
                    st.one_of(
                        st.none(),
                        st.builds(
                            Eligibility,
                            _subset(roles),
                            _subset(degrees),
                            st.integers(0, 60),
                            st.one_of(st.just(""), TEXT),
                        ),
                    )
                ),
                awards=draw(_subset(degrees)) if credential in DEGREE_CREDENTIALS else (),
                counts_toward=draw(_subset(others)) if others else (),
                prepares_for=draw(_subset(others)) if others else (),
                url=draw(URL),
                source=draw(URL),
                verified=draw(st.dates(dt.date(2000, 1, 1), TODAY)),
            )
        )
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programs())
def test_programs_toml_round_trips(catalog: list[Program]) -> None:
    """`list --format toml` writes a catalog that validates and loads back to the same programs."""
    text = render.programs_toml(catalog)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.toml"
        path.write_text(text, encoding="utf-8")
        assert validate_paths([str(path)], rules_path=None, today=TODAY) == []
        loaded = load_catalog(str(path), rules=RULES, today=TODAY, use_cache=False)
    assert list(loaded.programs) == catalog


# ---- table.py: Rich, for people at a terminal ----------------------------------------------

COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> contextlib.AbstractContextManager[object]:
    """Env of a 100-column terminal, and a context that makes stdout one. The test enters it
    itself: pytest's capture puts its own sys.stdout back between fixture setup and the test."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return contextlib.redirect_stdout(FakeTTY())


ROWS = [["a", "[bold]x[/bold] \x1b[31mred"], ["b", "old (stale)"]]


def test_table_not_a_tty_has_no_ansi() -> None:
    """A Rich table sent to a pipe carries no escape sequence at all."""
    out = table.table_text(["id", "name"], ROWS, dim_rows=[False, True])
    assert "\x1b" not in out
    assert "[bold]x[/bold] \\x1b[31mred" in out


def test_table_on_a_tty_is_styled(tty: contextlib.AbstractContextManager[object]) -> None:
    with tty:
        out = table.table_text(["id", "name"], ROWS, dim_rows=[False, True])
    assert "\x1b[1m" in out  # bold header
    assert "\x1b[2m" in out  # dim stale row
    assert "[bold]x[/bold] \\x1b[31mred" in out  # data printed literally
    assert "\x1b[31m" not in out


def test_table_no_color(
    tty: contextlib.AbstractContextManager[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: no colour escape, and the stale marker is in words, not colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    with tty:
        out = table.table_text(["id", "name"], ROWS, dim_rows=[False, True])
    assert not COLOUR_SGR.search(out)
    assert "old (stale)" in out


def test_table_dumb_terminal(
    tty: contextlib.AbstractContextManager[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    with tty:
        out = table.table_text(["id", "name"], ROWS)
    assert "\x1b" not in out


def test_table_keeps_long_values(
    tty: contextlib.AbstractContextManager[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folded, never ellipsized: every character of a long value survives."""
    monkeypatch.setenv("COLUMNS", "40")
    long = "x" * 300
    with tty:
        out = table.table_text(["id", "name"], [["a", long]])
    assert "…" not in out
    assert re.sub(r"[^x]", "", out) == long
