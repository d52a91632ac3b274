"""render/delimited.py: tsv and csv, one header row, one line per record, the exact text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import RECORD_COLUMNS, TODAY

from hcai_path.render import Context, Format, formatter
from render.programs import COMPUTED, COMPUTED_ELIGIBILITY, COST_NOTE, DURATION_NOTE, FRESH, ODD

CTX = Context(today=TODAY)
TSV = formatter(Format.TSV)
CSV = formatter(Format.CSV)

FRESH_CELLS = [
    "p1", "Program One", "Provider One", "professional", "certificate", "online", "ethics",
    "nurse", "None.", "https://one.example.org/", "https://one.example.org/src", "2026-01-01",
    "", "", "", "unknown", "", "3", "", "", "100", "", "", "", "all", "", "", "", "", "",
    "false", "false", "false",
]  # fmt: skip
ODD_ELIGIBILITY_JSON = (
    '{"routes":[{"roles":["nurse"],"degrees":["nursing-bachelors"],"min_years":2,'
    '"note":"two years"}],"note":""}'
)
ODD_CELLS = [
    "p2", "Two [bold]x[/bold] | y", "=Evil", "academic", "masters", "hybrid",
    "informatics;data-science", "clinician", "tab\\there\\nnewline \\\\ back",
    "https://one.example.org/", "https://one.example.org/src", "2019-01-01", "degree", "GB",
    "en;cy", "paused", "next intake\\t2027", "", "", "", "", "", "", "", "all", "not published",
    ODD_ELIGIBILITY_JSON, "masters", "", "", "false", "false", "true",
]  # fmt: skip
COMPUTED_CELLS = [
    "p3", "Three", "P", "professional", "certificate", "online", "ethics", "nurse", "None.",
    "https://three.example.org/", "https://three.example.org/", "2026-01-01", "", "", "",
    "unknown", "", "12", '{"term":"semester","terms":2,"units":null,"unit":"","per_term":null}',
    DURATION_NOTE, "1250", '{"amount":1000,"currency":"GBP","per":"year","units":1}', "", "",
    "all", COST_NOTE,
    '{"routes":[{"roles":["nurse"],"degrees":[],"min_years":1,"note":""},'
    '{"roles":[],"degrees":["masters"],"min_years":0,"note":"or a master\'s"}],"note":"any"}',
    "", "", "", "true", "true", "false",
]  # fmt: skip


def tsv_line(cells: list[str]) -> str:
    return "\t".join(cells) + "\n"


def test_programs_tsv_exact() -> None:
    """One header row (the record's keys); tab, newline and backslash escaped; lists joined
    with `;`; tables as compact JSON; booleans in lowercase."""
    out = TSV.programs([FRESH, ODD, COMPUTED], CTX)
    assert out == (
        tsv_line(list(RECORD_COLUMNS))
        + tsv_line(FRESH_CELLS)
        + tsv_line(ODD_CELLS)
        + tsv_line(COMPUTED_CELLS)
    )
    assert {line.count("\t") for line in str(out).splitlines()} == {len(RECORD_COLUMNS) - 1}
    assert json.loads(ODD_CELLS[26])["routes"][0]["min_years"] == 2


def test_programs_tsv_no_headers() -> None:
    assert TSV.programs([FRESH], CTX._replace(headers=False)) == tsv_line(FRESH_CELLS)
    assert TSV.program(FRESH, CTX._replace(headers=False)) == tsv_line(FRESH_CELLS)


def test_programs_csv_exact() -> None:
    """csv: RFC 4180 quoting; a formula-looking cell is neutralized with a leading quote."""
    out = str(CSV.programs([FRESH, ODD, COMPUTED], CTX))
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(RECORD_COLUMNS)
    assert rows[1] == FRESH_CELLS
    assert rows[2] == [("'" + c if c == "=Evil" else c) for c in ODD_CELLS]
    assert rows[3] == COMPUTED_CELLS
    assert out.splitlines()[1] == (
        "p1,Program One,Provider One,professional,certificate,online,ethics,nurse,None.,"
        "https://one.example.org/,https://one.example.org/src,2026-01-01,,,,unknown,,3,,,100,,,,"
        "all,,,,,,false,false,false"
    )
    assert ',"{""routes"":[{""roles"":[""nurse""],' in out


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_neutralizes_formulas(lead: str) -> None:
    out = CSV.records(["a"], [[lead + "SUM(A1)"]], CTX._replace(headers=False))
    assert out == f"'{lead}SUM(A1)\n"


def test_csv_quotes_commas_and_quotes() -> None:
    assert CSV.records(["a", "b"], [['x, "y"', "z"]], CTX) == 'a,b\n"x, ""y""",z\n'


def test_tsv_escapes_controls() -> None:
    """No raw control character reaches a tsv cell."""
    out = TSV.records(["a"], [["\x1b[31mred\r\x00"]], CTX._replace(headers=False))
    assert out == "\\x1b[31mred\\r\\x00\n"


def test_compare_tsv_exact() -> None:
    """One column per program, one row per field, values spelled for people."""
    out = TSV.compare([FRESH, ODD, COMPUTED], CTX)
    assert out == (
        "field\tp1\tp2\tp3\n"
        "id\tp1\tp2\tp3\n"
        "name\tProgram One\tTwo [bold]x[/bold] | y\tThree\n"
        "provider\tProvider One\t=Evil\tP\n"
        "type\tprofessional\tacademic\tprofessional\n"
        "credential\tcertificate\tmasters\tcertificate\n"
        "delivery\tonline\thybrid\tonline\n"
        "topics\tethics\tinformatics, data-science\tethics\n"
        "roles\tnurse\tclinician\tnurse\n"
        "prerequisites\tNone.\ttab\\there\\nnewline \\\\ back\tNone.\n"
        "url\thttps://one.example.org/\thttps://one.example.org/\thttps://three.example.org/\n"
        "source\thttps://one.example.org/src\thttps://one.example.org/src"
        "\thttps://three.example.org/\n"
        "verified\t2026-01-01\t2019-01-01 (stale: verified over 18 months ago)\t2026-01-01\n"
        "recognition\t\tdegree\t\n"
        "country\t\tGB\t\n"
        "languages\tnone\ten, cy\tnone\n"
        "status\tunknown\tpaused\tunknown\n"
        "status_note\t\tnext intake\\t2027\t\n"
        f"duration\t3 mo\tunknown\t12 mo ({DURATION_NOTE})\n"
        'duration_basis\t\t\t{"term":"semester","terms":2,"units":null,"unit":"","per_term":null}\n'
        f"cost\t$100\tunknown (not published)\t$1,250 ({COST_NOTE})\n"
        'price\t\t\t{"amount":1000,"currency":"GBP","per":"year","units":1}\n'
        "cost_usd_international\t\t\t\n"
        "price_international\t\t\t\n"
        "cost_basis\tall\tall\tall\n"
        "eligibility\topen (no stated restriction)\troles: nurse; degrees: nursing-bachelors; "
        f"at least 2 years of experience; two years\t{COMPUTED_ELIGIBILITY}\n"
        "awards\tnone\tmasters\tnone\n"
        "counts_toward\tnone\tnone\tnone\n"
        "prepares_for\tnone\tnone\tnone\n"
        "cost_estimated\tfalse\tfalse\ttrue\n"
        "duration_estimated\tfalse\tfalse\ttrue\n"
    )
    no_headers = TSV.compare([FRESH, ODD, COMPUTED], CTX._replace(headers=False))
    assert no_headers == str(out).split("\n", 1)[1]


VOCAB_HEADER = ["id", "aliases", "meaning"]
VOCAB_ROWS = [["nurse", ["rn", "nursing"], "a nurse"], ["x", [], 'm|n, "q"\tt']]


def test_records_exact() -> None:
    assert TSV.records(VOCAB_HEADER, VOCAB_ROWS, CTX) == (
        'id\taliases\tmeaning\nnurse\trn;nursing\ta nurse\nx\t\tm|n, "q"\\tt\n'
    )
    assert CSV.records(VOCAB_HEADER, VOCAB_ROWS, CTX) == (
        'id,aliases,meaning\nnurse,rn;nursing,a nurse\nx,,"m|n, ""q""\\tt"\n'
    )
    assert TSV.record({"role": "nurse", "goals": ["a", "b"]}, CTX) == (
        "key\tvalue\nrole\tnurse\ngoals\ta;b\n"
    )
