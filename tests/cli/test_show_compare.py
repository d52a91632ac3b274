"""`show` and `compare` in every format (cli/programs.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import NEW_FIELDS_CATALOG, RECORD_COLUMNS, Invoke, WriteCatalog

from cli.expected import GAMMA_JSON, GAMMA_TSV, TSV_HEADER, contract_keys
from hcai_path.render import Format

RECORD_FORMATS = [f for f in Format if f not in (Format.TOML, Format.SVG)]


@pytest.mark.parametrize("fmt", list(Format))
def test_show_every_format(run_fixture: Invoke, fmt: Format) -> None:
    result = run_fixture(["show", "gamma-exec", "--format", fmt.value])
    assert "\x1b" not in result.stdout + result.stderr
    if fmt not in RECORD_FORMATS:
        assert result.exit_code == 2
        assert result.stdout == ""
        assert fmt.value in result.stderr
        assert "json" in result.stderr  # the formats that do work
        return
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in (Format.AUTO, Format.TSV):
        assert out == TSV_HEADER + "\n" + GAMMA_TSV + "\n"
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == list(RECORD_COLUMNS) and rows[1][0] == "gamma-exec"
    elif fmt is Format.JSON:
        record = json.loads(out)
        assert isinstance(record, dict)
        assert contract_keys(record) == GAMMA_JSON
    elif fmt is Format.JSONL:
        assert len(out.splitlines()) == 1
        assert contract_keys(json.loads(out)) == GAMMA_JSON
    elif fmt is Format.MARKDOWN:
        assert out.startswith("## AI Leadership for Executives\n")
        assert "- **cost**: unknown (tuition not published)\n" in out
    elif fmt is Format.TABLE:
        assert "AI Leadership for Executives" in out
        assert "unknown (tuition not published)" in out
        assert "open (no stated restriction)" in out
    else:  # pragma: no cover
        pytest.fail(f"no check for {fmt}")


def test_show_eligibility(run_fixture: Invoke) -> None:
    """A flat eligibility table (hcai-path 0.1) is shown as its one route."""
    record = json.loads(run_fixture(["show", "beta-cert", "--format", "json"]).stdout)
    assert record["eligibility"] == {
        "routes": [
            {
                "roles": ["nurse"],
                "degrees": ["nursing-bachelors"],
                "min_years": 2,
                "note": "Active RN licence and two years of practice.",
            }
        ],
        "note": "",
    }
    assert record["cost_usd"] == 500
    table = run_fixture(["show", "beta-cert", "--format", "tsv"]).stdout
    assert '"routes":[{"roles":["nurse"]' in table


def test_show_and_compare_the_new_fields(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    path = write_catalog(NEW_FIELDS_CATALOG)
    for fmt in ("table", "markdown", "tsv"):
        shown = invoke(["--catalog", str(path), "show", "eta-cert", "-f", fmt])
        assert shown.exit_code == 0, shown.stderr
        flat = " ".join(shown.stdout.split())
        assert "any one of: (1) roles: nurse" in flat or "routes" in flat
        assert "paused" in flat
    compared = invoke(["--catalog", str(path), "compare", "zeta-msc", "eta-cert", "-f", "tsv"])
    rows = dict(line.split("\t", 1) for line in compared.stdout.splitlines())
    assert rows["country"] == "GB\tUS"
    assert rows["languages"] == "en\ten, es"
    assert rows["cost_basis"] == "home\tall"
    assert rows["eligibility"].endswith(
        "any one of: (1) roles: nurse; degrees: nursing-bachelors; at least 2 years of "
        "experience; 2 years as an RN and 2,000 hours in informatics or (2) degrees: "
        "informatics-masters; a graduate degree in informatics; any one route admits"
    )
    assert rows["duration"].startswith("18 mo (180 credits at 60 per semester")


def test_show_id_is_case_insensitive(run_fixture: Invoke) -> None:
    assert json.loads(run_fixture(["show", "Gamma_Exec", "-f", "json"]).stdout)["id"] == (
        "gamma-exec"
    )


@pytest.mark.parametrize("fmt", list(Format))
def test_compare_every_format(run_fixture: Invoke, fmt: Format) -> None:
    result = run_fixture(["compare", "beta-cert", "gamma-exec", "delta-course", "-f", fmt.value])
    assert "\x1b" not in result.stdout + result.stderr
    if fmt not in RECORD_FORMATS:
        assert result.exit_code == 2
        assert result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in (Format.AUTO, Format.TSV):
        lines = out.splitlines()
        assert lines[0] == "field\tbeta-cert\tgamma-exec\tdelta-course"
        assert (
            "cost\t$500 (exam fee USD 500 (2026))\tunknown (tuition not published)\t$100" in lines
        )
        assert (
            "verified\t2026-04-01\t2026-03-01\t2019-01-01 (stale: verified over 18 months ago)"
            in lines
        )
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["field", "beta-cert", "gamma-exec", "delta-course"]
        assert ["delivery", "online", "in-person", "hybrid"] in rows
    elif fmt is Format.JSON:
        assert [r["id"] for r in json.loads(out)] == ["beta-cert", "gamma-exec", "delta-course"]
    elif fmt is Format.JSONL:
        assert [json.loads(x)["id"] for x in out.splitlines()] == [
            "beta-cert",
            "gamma-exec",
            "delta-course",
        ]
    elif fmt is Format.MARKDOWN:
        assert out.splitlines()[0] == "| field | beta-cert | gamma-exec | delta-course |"
        assert "| delivery | online | in-person | hybrid |" in out.splitlines()
    elif fmt is Format.TABLE:
        for ident in ("beta-cert", "gamma-exec", "delta-course"):
            assert ident in out
    else:  # pragma: no cover
        pytest.fail(f"no check for {fmt}")


def test_compare_no_headers(run_fixture: Invoke) -> None:
    out = run_fixture(["compare", "beta-cert", "gamma-exec", "--no-headers"]).stdout
    assert out.splitlines()[0] == "id\tbeta-cert\tgamma-exec"


def test_compare_needs_two_ids(run_fixture: Invoke) -> None:
    result = run_fixture(["compare", "beta-cert"])
    assert result.exit_code == 2
    assert "error: compare needs at least two program ids" in result.stderr


def test_the_shipped_catalog(invoke: Invoke, real_today: object) -> None:
    listed = invoke(["list", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    ids = [p["id"] for p in json.loads(listed.stdout)]
    assert {"hms-aim-phd", "jhu-clinical-informatics-pbc"} <= set(ids)
    shown = invoke(["show", "hms-aim-phd", "--format", "json"])
    assert json.loads(shown.stdout)["id"] == "hms-aim-phd"
    compared = invoke(["compare", "hms-aim-phd", "jhu-clinical-informatics-pbc", "-f", "json"])
    assert [p["id"] for p in json.loads(compared.stdout)] == [
        "hms-aim-phd",
        "jhu-clinical-informatics-pbc",
    ]
