"""Fuzzing the loaders (load/catalog.py, load/rules.py): broken and hostile files.

Each loader either returns data or raises DataFileError naming the file (anything else is a
bug). Beyond "no traceback": whatever `load_catalog` accepts, the full validation
(`check_catalog`) finds no problem in, and it loads back the same through `--format toml`; so a
validation rule dropped from the quick path makes these tests fail. See tests/fuzzing.py for the
profiles (HYPOTHESIS_PROFILE=deep for thousands of cases).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fuzzing import (
    CATALOG_BYTES,
    FUZZ,
    FUZZ_MANY,
    RULE_TABLES,
    RULES_BYTES,
    TODAY,
    dump,
    field_mutated,
    mutated,
    put,
    structured_catalogs,
    toml_ish,
)
from hypothesis import given
from hypothesis import strategies as st
from schema_cases import INVALID_CASES, VALID_CASES, Case

from hcai_path.errors import DataFileError
from hcai_path.load import load_catalog, load_rules, shipped_data_path
from hcai_path.load.rates import load_rates
from hcai_path.load.schema.catalog import check_catalog
from hcai_path.load.toml import decode_text, parse_toml
from hcai_path.render import Context, Format, formatter
from hcai_path.rules import Rules

RULES: Rules = load_rules(use_cache=False)
RATES = load_rates()


def check_problems(error: DataFileError, path: str) -> None:
    assert error.problems, "a DataFileError names at least one problem"
    for problem in error.problems:
        assert problem.path == path
        message = str(problem)
        assert message.startswith(path)
        assert len(message) < 2000, "messages quote short parts of values only"


def loads_catalog(data: bytes, name: str = "catalog.toml", rules: Rules = RULES) -> bool:
    """Load a catalog: DataFileError, or valid programs (the full validation agrees, and they
    round-trip through `--format toml`). Whether it loaded."""
    path = put(name, data)
    try:
        catalog = load_catalog(path, rules=rules, today=TODAY, use_cache=False)
    except DataFileError as e:
        check_problems(e, path)
        return False
    text = decode_text(data, path)
    problems = check_catalog(
        parse_toml(text, path), path=path, text=text, rules=rules, rates=RATES, today=TODAY
    )
    assert problems == [], f"loaded, yet invalid: {problems[:3]}"
    ids = [p.id for p in catalog.programs]
    assert len(ids) == len(set(ids))
    toml = "".join(formatter(Format.TOML).programs(catalog.programs, Context(today=TODAY)))
    again = put(name + ".again.toml", toml.encode("utf-8"))
    assert load_catalog(again, rules=rules, today=TODAY, use_cache=False).programs == (
        catalog.programs
    )
    return True


def loads_rules(data: bytes) -> Rules | None:
    path = put("rules.toml", data)
    try:
        rules = load_rules(path, use_cache=False)
    except DataFileError as e:
        check_problems(e, path)
        return None
    # the shipped catalog against the new rules: loads (and is valid) or names its problems
    loads_catalog(CATALOG_BYTES, "shipped-again.toml", rules)
    return rules


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda c: c.label)
def test_no_schema_case_loads(case: Case) -> None:
    """Every entry of tests/schema_cases.py that breaks a rule, written as a file: refused."""
    assert not loads_catalog(dump(copy.deepcopy(case.raw))), case.label


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda c: c.label)
def test_every_valid_case_loads(case: Case) -> None:
    assert loads_catalog(dump(copy.deepcopy(case.raw))), case.label


@FUZZ_MANY
@given(st.binary(max_size=3000))
def test_catalog_from_any_bytes(data: bytes) -> None:
    loads_catalog(data)


@FUZZ_MANY
@given(toml_ish)
def test_catalog_from_toml_ish_text(source: str) -> None:
    loads_catalog(source.encode("utf-8", "strict"))


@FUZZ
@given(structured_catalogs())
def test_catalog_with_random_field_values(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(mutated(CATALOG_BYTES))
def test_shipped_catalog_mutated_byte_by_byte(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(field_mutated(CATALOG_BYTES, ("programs",)))
def test_shipped_catalog_with_random_fields(data: bytes) -> None:
    loads_catalog(data)


@FUZZ
@given(mutated(RULES_BYTES))
def test_shipped_rules_mutated_byte_by_byte(data: bytes) -> None:
    loads_rules(data)


@FUZZ
@given(field_mutated(RULES_BYTES, RULE_TABLES))
def test_shipped_rules_with_random_fields(data: bytes) -> None:
    loads_rules(data)


@FUZZ_MANY
@given(st.binary(max_size=2000) | toml_ish.map(lambda s: s.encode("utf-8", "strict")))
def test_rules_from_any_bytes(data: bytes) -> None:
    loads_rules(data)


def test_the_shipped_files_load_and_are_valid() -> None:
    assert loads_catalog(CATALOG_BYTES)
    assert loads_rules(RULES_BYTES) is not None
    assert shipped_data_path("programs.toml").endswith("programs.toml")


def test_a_case_that_loads_is_checked_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The invariant bites: with a quick check that accepts anything, an invalid file that
    loads fails `loads_catalog`."""
    from hcai_path.load.schema import catalog_quick

    class AcceptAll(catalog_quick.QuickCheck):
        def add(self, programs: Any) -> bool:
            return True

    monkeypatch.setattr(catalog_quick, "QuickCheck", AcceptAll)
    case = next(c for c in INVALID_CASES if c.label == "country: not a country")
    with pytest.raises(AssertionError, match="loaded, yet invalid"):
        loads_catalog(dump(copy.deepcopy(case.raw)))
