"""load/validate.py: `catalog validate` as a library call: every problem of every file."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE_CATALOG, NEW_FIELDS_CATALOG, TODAY
from data_cases import GOOD, RULES_TEXT, catalog_text, program, write

from hcai_path.load import shipped_data_path, validate_paths


def test_valid_files(tmp_path: Path) -> None:
    paths = [
        str(write(tmp_path, GOOD, "good.toml")),
        str(write(tmp_path, FIXTURE_CATALOG, "fixture.toml")),
        str(write(tmp_path, NEW_FIELDS_CATALOG, "new.toml")),
        shipped_data_path("rules.toml"),
    ]
    assert validate_paths(paths, rules_path=None, today=TODAY) == []


def test_every_problem_of_every_file(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        catalog_text(program(id="a", cost_usd=-1), program(id="a", country="ZZ")),
        "bad.toml",
    )
    not_toml = write(tmp_path, "= nope\n", "b.toml")
    missing = tmp_path / "missing.toml"
    problems = validate_paths(
        [str(bad), str(not_toml), str(missing), str(tmp_path)], rules_path=None, today=TODAY
    )
    assert [(p.path, p.entry, p.field) for p in problems] == [
        (str(bad), "a", "cost_usd"),
        (str(bad), "a", "id"),
        (str(bad), "a", "country"),
        (str(not_toml), None, None),
        (str(missing), None, None),
        (str(tmp_path), None, None),
    ]
    assert "no such data file" in problems[-2].message
    assert "is a directory" in problems[-1].message


def test_a_rules_file_is_checked_as_rules(tmp_path: Path) -> None:
    broken = write(tmp_path, RULES_TEXT.replace('family = "', 'family = "nope-', 1), "r.toml")
    [problem] = validate_paths([str(broken)], rules_path=None, today=TODAY)
    assert problem.entry is not None and problem.entry.startswith("roles[")
    assert problem.field == "family"


def test_an_invalid_rules_file_leaves_catalogs_unchecked(tmp_path: Path) -> None:
    """A catalog cannot be checked against vocabularies that do not load: say so, once."""
    rules = write(tmp_path, "roles = 1\n", "rules.toml")
    one = write(tmp_path, GOOD, "one.toml")
    two = write(tmp_path, GOOD, "two.toml")
    problems = validate_paths([str(one), str(two)], rules_path=str(rules), today=TODAY)
    said = [str(p) for p in problems]
    unchecked = [s for s in said if "not checked against the vocabularies" in s]
    assert unchecked == [
        f"{one}: not checked against the vocabularies: the rules file is invalid",
        f"{two}: not checked against the vocabularies: the rules file is invalid",
    ]
    rules_problems = [p for p in problems if p.path == str(rules)]
    assert rules_problems and len(set(rules_problems)) == len(rules_problems)
