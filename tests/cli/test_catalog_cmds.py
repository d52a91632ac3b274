"""`catalog validate`, `catalog stats` and `catalog check-links` (cli/catalog.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURE_CATALOG, NEW_FIELDS_CATALOG, Invoke, WriteCatalog
from data_cases import catalog_text, program, write

BAD_TOML = '[[programs]]\nid = "x"\nname = \n'


def test_validate_valid_files(
    invoke: Invoke, catalog_file: Path, write_catalog: WriteCatalog
) -> None:
    new = write_catalog(NEW_FIELDS_CATALOG, "new.toml")
    result = invoke(["catalog", "validate", str(catalog_file), str(new)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: 2 file(s) valid\n"


def test_validate_defaults_to_files_in_use(
    invoke: Invoke, catalog_file: Path, write_catalog: WriteCatalog, real_today: dt.date
) -> None:
    """With no PATH it checks the catalog and rules in use (shipped or --catalog)."""
    shipped = invoke(["catalog", "validate"])
    assert shipped.exit_code == 0, shipped.stderr
    assert invoke(["--catalog", str(catalog_file), "catalog", "validate"]).exit_code == 0
    broken = write_catalog(BAD_TOML)
    assert invoke(["--catalog", str(broken), "catalog", "validate"]).exit_code == 3


def test_validate_lists_every_problem(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    """Several problems in one file, and problems in two files, reported at once; exit 3."""
    bad_vocab = write_catalog(
        FIXTURE_CATALOG.replace('roles = ["health-leader"]', 'roles = ["health-lead"]').replace(
            'url = "https://delta', 'url = "http://delta'
        ),
        "vocab.toml",
    )
    bad_toml = write_catalog(BAD_TOML, "broken.toml")
    result = invoke(["catalog", "validate", str(bad_vocab), str(bad_toml)])
    assert result.exit_code == 3
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert any("gamma-exec" in e and "'roles'" in e and "health-leader" in e for e in errors)
    assert any("delta-course" in e and "'url'" in e for e in errors)
    assert any(f"{bad_toml}:3:" in e for e in errors)
    assert errors[-1] == "error: 3 problem(s) in 2 file(s)"


def test_validate_reports_every_problem_in_one_run(tmp_path: Path, invoke: Invoke) -> None:
    text = catalog_text(
        program(id="a", cost_usd=-1, colour="red", url="javascript:alert(1)"),
        program(id="a", topics=["ethicz", "ethics", "ethics"], verified="2025-01-01"),
        program(id="c", counts_toward=["nope"], source="http://c.example.org/", name=None),
        program(id="d", country="ZZ", languages=["en", "xx"], status="closed"),
    )
    broken = write(tmp_path, text)
    not_toml = write(tmp_path, "= nope\n", "b.toml")
    missing = tmp_path / "missing.toml"
    result = invoke(["catalog", "validate", str(broken), str(not_toml), str(missing), "/"])
    assert result.exit_code == 3 and result.stdout == ""
    for needle in (
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
        "entry 'd': field 'country'",
        "entry 'd': field 'languages'",
        "entry 'd': field 'status'",
        "entry 'd': field 'name': same name and provider as 'a'",
        f"{not_toml}:1:1: is not valid TOML",
        f"{missing}: no such data file",
        "/: is a directory",
        "17 problem(s) in 4 file(s)",
    ):
        assert needle in result.stderr, (needle, result.stderr)


def test_validate_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["catalog", "validate", str(tmp_path / "missing.toml")])
    assert result.exit_code == 3
    assert "missing.toml: no such data file" in result.stderr


def test_stats(invoke: Invoke, write_catalog: WriteCatalog, catalog_file: Path) -> None:
    """Coverage figures: by type and country, the share with a cost, a duration, stale."""
    result = invoke(["catalog", "stats", str(catalog_file), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert all(set(r) == {"group", "name", "programs", "share"} for r in rows)
    groups = {r["group"] for r in rows}
    assert {"type", "country"} <= groups
    by_type = {r["name"]: r["programs"] for r in rows if r["group"] == "type"}
    assert by_type == {"academic": 2, "professional": 2, "executive": 1}
    tsv = invoke(["catalog", "stats", str(catalog_file), "--format", "tsv"]).stdout
    assert tsv.splitlines()[0] == "group\tname\tprograms\tshare"


@pytest.mark.parametrize(
    "options",
    [["--timeout", "0"], ["--concurrency", "0"], ["--timeout", "soon"], ["--concurrency", "1.5"]],
)
def test_check_links_usage_errors(invoke: Invoke, catalog_file: Path, options: list[str]) -> None:
    result = invoke(["catalog", "check-links", str(catalog_file), *options])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ")
