"""catalog.py: the shipped data, loading errors, and the cache."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CATALOG, FIXTURE_IDS, TODAY, Invoke, WriteCatalog

from hcai_path import catalog
from hcai_path.catalog import load_catalog, load_rules, shipped_data_path, validate_paths
from hcai_path.errors import DataFileError, Problem, UsageError
from hcai_path.models import Program

REAL_TODAY = dt.date.today()


@pytest.fixture(scope="module")
def shipped() -> tuple[Program, ...]:
    rules = load_rules(use_cache=False)
    return tuple(load_catalog(rules=rules, today=REAL_TODAY, use_cache=False).programs)


# ---- the shipped catalog ------------------------------------------------------------------------


def test_shipped_files_validate() -> None:
    paths = [shipped_data_path("programs.toml"), shipped_data_path("rules.toml")]
    assert validate_paths(paths, rules_path=None, today=REAL_TODAY) == []


def test_shipped_catalog_validates_via_cli(invoke: Invoke, real_today: dt.date) -> None:
    result = invoke(["catalog", "validate"])
    assert result.exit_code == 0, result.stderr


def test_shipped_catalog_has_the_seed_programs(shipped: tuple[Program, ...]) -> None:
    ids = {p.id for p in shipped}
    assert {"hms-aim-phd", "jhu-clinical-informatics-pbc"} <= ids
    assert len(ids) == len(shipped)


def test_shipped_entries_are_sourced(shipped: tuple[Program, ...]) -> None:
    """Every entry names an https url and source and a verified date that is not in the future."""
    for p in shipped:
        assert p.url.startswith("https://"), p.id
        assert p.source.startswith("https://"), p.id
        assert isinstance(p.verified, dt.date)
        assert p.verified <= REAL_TODAY
        if p.cost_usd is None:
            assert p.cost_note.strip(), p.id


def test_shipped_catalog_covers_the_three_pathways(shipped: tuple[Program, ...]) -> None:
    assert {p.type for p in shipped} == {"academic", "professional", "executive"}


def test_shipped_list_show_through_cli(invoke: Invoke, real_today: dt.date) -> None:
    import json

    listed = invoke(["list", "--format", "json"])
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) > 0
    shown = invoke(["show", "hms-aim-phd", "--format", "json"])
    assert json.loads(shown.stdout)["id"] == "hms-aim-phd"
    compared = invoke(["compare", "hms-aim-phd", "jhu-clinical-informatics-pbc", "-f", "json"])
    assert [p["id"] for p in json.loads(compared.stdout)] == [
        "hms-aim-phd",
        "jhu-clinical-informatics-pbc",
    ]


# ---- loading errors ----------------------------------------------------------------------


def problems_of(path: Path) -> list[Problem]:
    rules = load_rules(use_cache=False)
    with pytest.raises(DataFileError) as caught:
        load_catalog(str(path), rules=rules, today=TODAY, use_cache=False)
    assert caught.value.exit_code == 3
    return caught.value.problems


def test_fixture_catalog_loads(catalog_file: Path) -> None:
    rules = load_rules(use_cache=False)
    loaded = load_catalog(str(catalog_file), rules=rules, today=TODAY, use_cache=False)
    assert [p.id for p in loaded.programs] == FIXTURE_IDS
    by_id = loaded.by_id()
    assert by_id["gamma-exec"].cost_usd is None
    assert by_id["delta-course"].is_stale(TODAY)
    assert by_id["beta-cert"].eligibility is not None
    assert by_id["beta-cert"].eligibility.min_years == 2
    assert by_id["epsilon-phd"].duration_months is None


def test_bad_toml_names_line_and_column(write_catalog: WriteCatalog) -> None:
    path = write_catalog('[[programs]]\nid = "x"\nname = \n')
    [problem] = problems_of(path)
    assert problem.path == str(path)
    assert problem.line == 3
    assert problem.column is not None
    assert str(problem).startswith(f"{path}:3:")


def test_unknown_key_names_entry_and_field(write_catalog: WriteCatalog) -> None:
    text = FIXTURE_CATALOG.replace("cost_usd = 500\n", 'cost_usd = 500\ncolour = "red"\n')
    problems = problems_of(write_catalog(text))
    assert len(problems) == 1
    assert "beta-cert" in (problems[0].entry or "")
    assert problems[0].field == "colour"
    assert problems[0].line is not None


def test_several_problems_at_once(write_catalog: WriteCatalog) -> None:
    text = (
        FIXTURE_CATALOG.replace('roles = ["health-leader"]', 'roles = ["health-lead"]')
        .replace('topics = ["imaging", "machine-learning"]', 'topics = ["imagin"]')
        .replace('source = "https://epsilon.example.edu/phd"', 'source = "ftp://x.example"')
    )
    problems = problems_of(write_catalog(text))
    found = {(p.entry, p.field) for p in problems}
    assert len(problems) == 3
    assert any("gamma-exec" in (e or "") and f == "roles" for e, f in found)
    assert any("delta-course" in (e or "") and f == "topics" for e, f in found)
    assert any("epsilon-phd" in (e or "") and f == "source" for e, f in found)
    assert any("did you mean 'imaging'" in p.message for p in problems)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (b"", "empty"),
        (b"\xff\xfe[[programs]]\n", "UTF-8"),
        (FIXTURE_CATALOG.replace("2026-05-01", "2099-01-01").encode(), "future"),
        (FIXTURE_CATALOG.replace('id = "beta-cert"', 'id = "alpha-ms"').encode(), "duplicate"),
        (FIXTURE_CATALOG.replace('id = "beta-cert"', 'id = "Beta Cert"').encode(), "id"),
    ],
)
def test_invalid_files(tmp_path: Path, text: bytes, needle: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(text)
    problems = problems_of(path)
    assert any(needle in str(p) for p in problems), problems


def test_missing_user_path_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_catalog(str(tmp_path / "nope.toml"), rules=load_rules(use_cache=False), today=TODAY)


def test_problem_str() -> None:
    assert str(Problem("f.toml", "bad", line=3, column=4)) == "f.toml:3:4: bad"
    assert (
        str(Problem("f.toml", "bad", line=3, entry="x", field="y"))
        == "f.toml:3: entry 'x': field 'y': bad"
    )
    assert str(Problem("f.toml", "bad")) == "f.toml: bad"


# ---- the cache ---------------------------------------------------------------------------


def _load(path: Path) -> tuple[Program, ...]:
    rules = load_rules()
    return load_catalog(str(path), rules=rules, today=TODAY).programs


def test_cache_second_load_is_equal(catalog_file: Path, cache_dir: Path) -> None:
    first = _load(catalog_file)
    assert cache_dir.is_dir() and any(cache_dir.iterdir())
    assert _load(catalog_file) == first
    rules = load_rules(use_cache=False)
    assert load_catalog(str(catalog_file), rules=rules, today=TODAY, use_cache=False).programs == (
        first
    )


def test_cache_garbage_is_ignored(catalog_file: Path, cache_dir: Path) -> None:
    first = _load(catalog_file)
    files = [f for f in cache_dir.rglob("*") if f.is_file()]
    assert files
    for garbage in (b"", b"not a cache at all \x00\xff" * 10):
        for f in files:
            f.write_bytes(garbage)
        assert _load(catalog_file) == first
    # a file that keeps the magic header but corrupts the payload
    for f in files:
        f.write_bytes(catalog._CACHE_MAGIC + b"\x00" * 20 + b"\xff\xfe\xfd")
    assert _load(catalog_file) == first


def test_cache_truncated_entry_is_ignored(catalog_file: Path, cache_dir: Path) -> None:
    first = _load(catalog_file)
    for f in [f for f in cache_dir.rglob("*") if f.is_file()]:
        f.write_bytes(f.read_bytes()[: len(f.read_bytes()) // 2])
    assert _load(catalog_file) == first


def test_cache_deleted_is_safe(catalog_file: Path, cache_dir: Path, run_fixture: Invoke) -> None:
    first = _load(catalog_file)
    shutil.rmtree(cache_dir)
    assert _load(catalog_file) == first
    shutil.rmtree(cache_dir)
    assert run_fixture(["list"]).exit_code == 0


def test_cache_follows_file_changes(catalog_file: Path) -> None:
    """An edited catalog is read afresh, never served stale from the cache."""
    _load(catalog_file)
    catalog_file.write_text(
        FIXTURE_CATALOG.replace("Alpha University", "Alpha College"), encoding="utf-8"
    )
    assert _load(catalog_file)[0].provider == "Alpha College"


def test_cache_never_hides_an_error(write_catalog: WriteCatalog) -> None:
    path = write_catalog(FIXTURE_CATALOG)
    _load(path)
    path.write_text(FIXTURE_CATALOG.replace('type = "executive"', 'type = "exec"'))
    with pytest.raises(DataFileError):
        _load(path)


def test_unwritable_cache_is_not_an_error(
    catalog_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(blocker / "cache"))
    assert [p.id for p in _load(catalog_file)] == FIXTURE_IDS


def test_schema_literals_are_the_model_vocabularies() -> None:
    """pydantic needs literal types; they must list exactly the vocabularies of models.py."""
    from typing import get_args

    from hcai_path.catalog_schema import ProgramIn
    from hcai_path.models import Credential, Delivery, ProgramType

    fields = ProgramIn.model_fields
    for name, enum in (("type", ProgramType), ("credential", Credential), ("delivery", Delivery)):
        assert set(get_args(fields[name].annotation)) == {e.value for e in enum}, name
