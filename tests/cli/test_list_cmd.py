"""`list`: every format, every filter, sorting, an empty answer, --output (cli/programs.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tomllib
from pathlib import Path

import pytest
from conftest import FIXTURE_IDS, NEW_FIELDS_CATALOG, RECORD_COLUMNS, Invoke, WriteCatalog
from typer.testing import CliRunner

from cli.expected import GAMMA_CELLS, GAMMA_JSON, GAMMA_TSV, TSV_HEADER, contract_keys, ids_of
from hcai_path.cli import app
from hcai_path.render import Format


def test_list_auto_is_tsv_when_piped(run_fixture: Invoke) -> None:
    """Not a terminal: `auto` (the default) is exactly `tsv`."""
    auto = run_fixture(["list"])
    tsv = run_fixture(["list", "--format", "tsv"])
    assert auto.exit_code == 0
    assert auto.stdout == tsv.stdout
    assert auto.stdout.splitlines()[0] == TSV_HEADER


def test_list_tsv_exact(run_fixture: Invoke) -> None:
    result = run_fixture(["list", "--format", "tsv", "--search", "gamma"])
    assert result.exit_code == 0
    assert result.stdout == TSV_HEADER + "\n" + GAMMA_TSV + "\n"
    assert result.stderr == ""


def test_list_no_headers(run_fixture: Invoke) -> None:
    for fmt in ("tsv", "csv"):
        with_headers = run_fixture(["list", "--format", fmt])
        without = run_fixture(["list", "--format", fmt, "--no-headers"])
        assert without.stdout == with_headers.stdout.split("\n", 1)[1]
    assert run_fixture(["list", "-f", "tsv", "--no-headers", "--search", "gamma"]).stdout == (
        GAMMA_TSV + "\n"
    )


def check_list_output(fmt: Format, stdout: str) -> None:
    """What `list` of the whole fixture catalog looks like in `fmt`."""
    if fmt in (Format.AUTO, Format.TSV):
        lines = stdout.splitlines()
        assert lines[0] == TSV_HEADER
        assert [line.split("\t")[0] for line in lines[1:]] == FIXTURE_IDS
        assert {line.count("\t") for line in lines} == {len(RECORD_COLUMNS) - 1}
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(stdout)))
        assert rows[0] == list(RECORD_COLUMNS)
        assert [row[0] for row in rows[1:]] == FIXTURE_IDS
        assert rows[3] == GAMMA_CELLS
    elif fmt is Format.JSON:
        records = json.loads(stdout)
        assert [r["id"] for r in records] == FIXTURE_IDS
        assert contract_keys(records[2]) == GAMMA_JSON
        assert list(records[2]) == list(RECORD_COLUMNS)
    elif fmt is Format.JSONL:
        records = [json.loads(line) for line in stdout.splitlines()]
        assert [r["id"] for r in records] == FIXTURE_IDS
        assert contract_keys(records[2]) == GAMMA_JSON
    elif fmt is Format.MARKDOWN:
        assert stdout.startswith("# ")
        assert "5 programs; 1 stale as of 2026-06-01" in stdout
        assert (
            "| [AI Leadership for Executives](<https://gamma.example.edu/exec>) `gamma-exec`"
            in stdout
        )
        for kind in ("Academic (2)", "Professional (2)", "Executive (1)"):
            assert f"## {kind}" in stdout
    elif fmt is Format.TABLE:
        for ident in FIXTURE_IDS:
            assert ident[:7] in stdout  # narrow columns may fold the rest onto the next line
        assert "unknown" in stdout  # gamma-exec's cost
        assert "2019-01-01" in stdout and "stale" in stdout  # delta-course, marked stale
        assert "\t" not in stdout
    elif fmt is Format.TOML:
        data = tomllib.loads(stdout)
        assert [p["id"] for p in data["programs"]] == FIXTURE_IDS
    else:  # pragma: no cover - a new Format needs a case here
        pytest.fail(f"no check for {fmt}")


@pytest.mark.parametrize("fmt", [f for f in Format if f is not Format.SVG])
def test_list_every_format(run_fixture: Invoke, fmt: Format) -> None:
    """Each format: data on stdout, no ANSI when not a terminal, only notes on stderr."""
    result = run_fixture(["list", "--format", fmt.value], env={"TERM": "xterm-256color"})
    assert result.exit_code == 0, result.stderr
    check_list_output(fmt, result.stdout)
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr
    # the only diagnostic is the stale note, on stderr
    assert result.stderr.startswith("note: 1 of 5 programs shown are stale")


def test_list_refuses_svg(run_fixture: Invoke) -> None:
    result = run_fixture(["list", "--format", "svg"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--format svg is not for this command" in result.stderr


def test_list_format_is_case_insensitive(run_fixture: Invoke) -> None:
    assert (
        run_fixture(["list", "--format", "JSON"]).stdout
        == run_fixture(["list", "--format", "json"]).stdout
    )


def test_list_new_fields(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    """Computed costs and lengths, countries, languages, status and routes, in JSON and tsv."""
    path = write_catalog(NEW_FIELDS_CATALOG)
    records = json.loads(invoke(["--catalog", str(path), "list", "-f", "json"]).stdout)
    zeta, eta = records
    assert zeta["cost_estimated"] is True and zeta["duration_estimated"] is True
    assert zeta["cost_note"].startswith("GBP 12,000 per year x 1 year = GBP 12,000, at ")
    assert zeta["cost_note"].endswith("(estimated); home tuition; international fees differ")
    assert zeta["duration_months"] == 18
    assert zeta["duration_note"] == (
        "180 credits at 60 per semester = 3 semesters x 6 months = 18 months (estimated)"
    )
    assert (zeta["country"], zeta["languages"], zeta["status"]) == ("GB", ["en"], "active")
    assert zeta["cost_basis"] == "home" and zeta["cost_usd_international"] > zeta["cost_usd"]
    assert eta["eligibility"]["routes"][1] == {
        "roles": [], "degrees": ["informatics-masters"], "min_years": 0,
        "note": "a graduate degree in informatics",
    }  # fmt: skip
    assert eta["recognition"] == "accredited-certification" and eta["status"] == "paused"
    tsv = invoke(["--catalog", str(path), "list", "--country", "GB", "-f", "tsv"]).stdout
    assert [line.split("\t")[0] for line in tsv.splitlines()[1:]] == ["zeta-msc", "eta-cert"]


def test_list_toml_is_a_valid_catalog_that_round_trips(
    run_fixture: Invoke, invoke: Invoke, tmp_path: Path, write_catalog: WriteCatalog
) -> None:
    """`list --format toml` of a selection validates and lists back the same programs, new
    fields and computed costs included."""
    selection = ["--type", "academic", "--type", "professional"]
    toml_out = run_fixture(["list", *selection, "--format", "toml"])
    assert toml_out.exit_code == 0
    path = tmp_path / "selection.toml"
    path.write_text(toml_out.stdout, encoding="utf-8")
    validated = invoke(["catalog", "validate", str(path)])
    assert validated.exit_code == 0, validated.stderr
    again = invoke(["--catalog", str(path), "list", "--format", "json"])
    original = run_fixture(["list", *selection, "--format", "json"])
    assert again.stdout == original.stdout
    assert ids_of(again.stdout) == ["alpha-ms", "beta-cert", "delta-course", "epsilon-phd"]
    new = write_catalog(NEW_FIELDS_CATALOG, "new.toml")
    written = invoke(["--catalog", str(new), "list", "-f", "toml"]).stdout
    copy = write_catalog(written, "copy.toml")
    assert invoke(["catalog", "validate", str(copy)]).exit_code == 0
    assert (
        invoke(["--catalog", str(copy), "list", "-f", "json"]).stdout
        == invoke(["--catalog", str(new), "list", "-f", "json"]).stdout
    )


def test_list_output_file(run_fixture: Invoke, tmp_path: Path) -> None:
    """--output writes the data to a file (format from the suffix), nothing to stdout."""
    target = tmp_path / "out.json"
    result = run_fixture(["list", "--output", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert ids_of(target.read_text(encoding="utf-8")) == FIXTURE_IDS
    target = tmp_path / "out.toml"
    run_fixture(["list", "--format", "toml", "--output", str(target), "--search", "beta"])
    assert tomllib.loads(target.read_text(encoding="utf-8"))["programs"][0]["id"] == "beta-cert"


def test_list_output_needs_an_existing_folder(run_fixture: Invoke, tmp_path: Path) -> None:
    result = run_fixture(["list", "--output", str(tmp_path / "typo" / "out.json")])
    assert result.exit_code == 2 and "no such folder" in result.stderr
    assert not (tmp_path / "typo").exists()
    result = run_fixture(["list", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        ("json", "[]\n"),
        ("jsonl", ""),
        ("tsv", TSV_HEADER + "\n"),
        ("table", ""),
    ],
)
def test_list_empty(run_fixture: Invoke, fmt: str, stdout: str) -> None:
    """Nothing matched: exit 1, the why on stderr; `[]` for JSON."""
    result = run_fixture(["list", "--search", "no-such-thing", "--format", fmt])
    assert result.exit_code == 1
    assert result.stdout == stdout
    assert "error: no programs match" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], FIXTURE_IDS),
        (["--type", "academic"], ["alpha-ms", "epsilon-phd"]),
        (["--type", "academic", "--type", "executive"], ["alpha-ms", "gamma-exec", "epsilon-phd"]),
        (["--credential", "certification"], ["beta-cert"]),
        (["--credential", "course", "--credential", "masters"], ["alpha-ms", "delta-course"]),
        (["--topic", "machine-learning"], ["delta-course", "epsilon-phd"]),
        (["--topic", "leadership", "--topic", "ethics"], ["beta-cert", "gamma-exec"]),
        (["--delivery", "online"], ["alpha-ms", "beta-cert"]),
        (
            ["--delivery", "hybrid", "--delivery", "in-person"],
            ["gamma-exec", "delta-course", "epsilon-phd"],
        ),
        (["--provider", "beta nursing"], ["beta-cert"]),
        (["--provider", "UNIVERSITY"], ["alpha-ms"]),
        (["--search", "imaging"], ["delta-course"]),
        (["--search", "rn licence"], ["beta-cert"]),
        (["--search", "GAMMA"], ["gamma-exec"]),
        (["--max-cost", "500"], ["beta-cert", "delta-course", "epsilon-phd"]),
        (["--max-cost", "0"], ["epsilon-phd"]),
        (["--max-cost", "$1,000"], ["beta-cert", "delta-course", "epsilon-phd"]),
        (["--max-months", "6"], ["beta-cert", "gamma-exec", "delta-course"]),
        (["--max-months", "0.2"], ["gamma-exec"]),
        (["--exclude-stale"], ["alpha-ms", "beta-cert", "gamma-exec", "epsilon-phd"]),
        (["--include-stale"], FIXTURE_IDS),
        (["--country", "US"], ["alpha-ms", "beta-cert"]),  # the others: no country, not online
        # AND across filters, OR within one
        (["--type", "professional", "--delivery", "online"], ["beta-cert"]),
        (["--type", "professional", "--max-cost", "200"], ["delta-course"]),
        (
            ["--type", "academic", "--type", "professional", "--delivery", "in-person"],
            ["epsilon-phd"],
        ),
        (["--topic", "machine-learning", "--exclude-stale"], ["epsilon-phd"]),
        (["--role", "nurse", "--max-months", "12"], ["beta-cert"]),
    ],
)
def test_list_filters(run_fixture: Invoke, args: list[str], expected: list[str]) -> None:
    result = run_fixture(["list", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert ids_of(result.stdout) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # a role matches programs for it and for its family
        ("nurse", ["alpha-ms", "beta-cert"]),
        ("physician", ["alpha-ms"]),
        ("researcher", ["delta-course", "epsilon-phd"]),
        ("health-leader", ["gamma-exec"]),
        # a family matches programs for it and for any of its roles
        ("clinician", ["alpha-ms", "beta-cert"]),
        ("data-scientist", ["delta-course", "epsilon-phd"]),
        ("informaticist", ["gamma-exec"]),
    ],
)
def test_list_role_filter(run_fixture: Invoke, role: str, expected: list[str]) -> None:
    assert ids_of(run_fixture(["list", "--role", role, "-f", "json"]).stdout) == expected


def test_list_role_filter_or(run_fixture: Invoke) -> None:
    out = run_fixture(["list", "--role", "physician", "--role", "researcher", "-f", "json"]).stdout
    assert ids_of(out) == ["alpha-ms", "delta-course", "epsilon-phd"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("name", ["gamma-exec", "beta-cert", "delta-course", "alpha-ms", "epsilon-phd"]),
        ("cost", ["epsilon-phd", "delta-course", "beta-cert", "alpha-ms", "gamma-exec"]),
        ("months", ["gamma-exec", "delta-course", "beta-cert", "alpha-ms", "epsilon-phd"]),
        ("verified", ["alpha-ms", "beta-cert", "gamma-exec", "epsilon-phd", "delta-course"]),
        ("COST", ["epsilon-phd", "delta-course", "beta-cert", "alpha-ms", "gamma-exec"]),
    ],
)
def test_list_sort(run_fixture: Invoke, key: str, expected: list[str]) -> None:
    """Unknown cost and duration sort last, never as zero."""
    assert ids_of(run_fixture(["list", "--sort", key, "-f", "json"]).stdout) == expected


def test_list_sort_applies_after_filters(run_fixture: Invoke) -> None:
    out = run_fixture(["list", "--sort", "cost", "--delivery", "online", "-f", "json"]).stdout
    assert ids_of(out) == ["beta-cert", "alpha-ms"]


def test_stale_note_on_stderr_only(run_fixture: Invoke) -> None:
    shown = run_fixture(["list", "--format", "json"])
    assert "1 of 5 programs shown are stale" in shown.stderr
    assert json.loads(shown.stdout)[3]["stale"] is True
    assert run_fixture(["list", "--format", "json", "--exclude-stale"]).stderr == ""
    assert run_fixture(["list", "--format", "json", "--quiet"]).stderr == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--type", "ACADEMIC"], ["alpha-ms", "epsilon-phd"]),
        (["--type", " Academic "], ["alpha-ms", "epsilon-phd"]),
        (["--role", "Health Leader"], ["gamma-exec"]),
        (["--role", "health_leader"], ["gamma-exec"]),
        (["--role", "rn"], ["alpha-ms", "beta-cert"]),
        (["--role", "RN"], ["alpha-ms", "beta-cert"]),
        (["--role", "Data Scientist"], ["delta-course", "epsilon-phd"]),
        (["--delivery", "IN_PERSON"], ["gamma-exec", "epsilon-phd"]),
        (["--delivery", "in person"], ["gamma-exec", "epsilon-phd"]),
        (["--credential", "Graduate_Certificate", "--credential", "Masters"], ["alpha-ms"]),
        (["--topic", "Machine Learning"], ["delta-course", "epsilon-phd"]),
        (["--country", "united states"], ["alpha-ms", "beta-cert"]),
    ],
)
def test_vocabulary_input_is_forgiving(
    run_fixture: Invoke, args: list[str], expected: list[str]
) -> None:
    result = run_fixture(["list", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert ids_of(result.stdout) == expected


@pytest.mark.parametrize("kind", ["academic", "professional", "executive"])
def test_toml_of_a_selection_is_a_valid_catalog(
    kind: str, tmp_path: Path, real_today: dt.date
) -> None:
    """The shipped catalog refers across types (a master's prepares for a certification):
    a selection keeps only the references it can hold, so it validates."""
    from hcai_path.load import validate_paths

    out = tmp_path / f"{kind}.toml"
    result = CliRunner().invoke(app, ["list", "--type", kind, "--format", "toml", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert validate_paths([str(out)], rules_path=None, today=real_today) == []
