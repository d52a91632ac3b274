"""load/schema/catalog_quick.py has a twin for every rule of load/schema/catalog.py.

The quick check decides alone whether a catalog loads without the full validation; a schema
rule without its twin there would let invalid data in. So: every value that the schema refuses
(derived from the schema itself in tests/schema_cases.py, field by field, plus the catalog-wide
rules) is refused by both, and every value at a bound is accepted by both.
"""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_cases import (
    CATALOG_CASES,
    ENTRY,
    FIELD_CASES,
    INVALID_CASES,
    OTHER,
    TODAY,
    VALID_CASES,
    Case,
    catalog,
    price,
    schema_fields,
)

from hcai_path.costs import NO_RATES, Rates
from hcai_path.errors import Problem
from hcai_path.load.rates import load_rates
from hcai_path.load.schema.catalog import check_catalog
from hcai_path.load.schema.catalog_quick import QuickCheck, quick_valid
from hcai_path.rules import Rules

RATES = load_rates()
SHIPPED = tomllib.loads((REPO / "data" / "programs.toml").read_text(encoding="utf-8"))


def full(raw: Any, rules: Rules, rates: Rates = RATES) -> list[Problem]:
    return check_catalog(raw, path="c.toml", text="", rules=rules, rates=rates, today=TODAY)


def quick(raw: Any, rules: Rules, rates: Rates = RATES) -> bool:
    return quick_valid(copy.deepcopy(raw), rules=rules, rates=rates, today=TODAY)


def test_every_field_of_the_schema_has_cases() -> None:
    """A field added to ProgramIn (or to a table in it) is broken here without a change."""
    fields = schema_fields()
    assert {"id", "price.currency", "eligibility.routes[].min_years", "languages[]"} <= fields
    assert fields <= {case.field for case in FIELD_CASES}
    assert len(FIELD_CASES) > 300


def test_the_bases_are_valid(rules: Rules) -> None:
    for raw in (catalog(ENTRY), catalog(), {"programs": []}, {}):
        assert full(raw, rules) == []
        assert quick(raw, rules)


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda c: c.label)
def test_what_the_schema_refuses_the_quick_check_refuses(case: Case, rules: Rules) -> None:
    problems = full(case.raw, rules)
    assert problems, f"the schema accepts {case.label}: fix the case"
    assert not quick(case.raw, rules), f"no twin in catalog_quick.py for: {case.label}"


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda c: c.label)
def test_what_the_schema_accepts_the_quick_check_accepts(case: Case, rules: Rules) -> None:
    assert full(case.raw, rules) == [], case.label
    assert quick(case.raw, rules), f"catalog_quick.py is stricter than the schema: {case.label}"


def test_the_catalog_wide_cases_name_their_field(rules: Rules) -> None:
    """Each hand-written case breaks the rule it says (so that it proves that rule's twin)."""
    for case in CATALOG_CASES:
        named = {p.field or "" for p in full(case.raw, rules)}
        head = case.field.split(".")[0]
        assert any(f == case.field or f.split(".")[0] == head for f in named) or not case.field, (
            case.label,
            named,
        )


def test_rates_decide_which_currencies_are_valid(rules: Rules) -> None:
    raw = catalog(
        {**{k: v for k, v in ENTRY.items() if k != "cost_usd"}, "price": price(10, "GBP")}
    )
    assert full(raw, rules) == [] and quick(raw, rules)
    assert [p.field for p in full(raw, rules, NO_RATES)] == ["price.currency"]
    assert not quick(raw, rules, NO_RATES)
    usd = catalog({**{k: v for k, v in ENTRY.items() if k != "cost_usd"}, "price": price(10)})
    assert full(usd, rules, NO_RATES) == [] and quick(usd, rules, NO_RATES)


def test_shipped_and_generated_catalogs_agree(rules: Rules) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import make_catalog

    for raw in (SHIPPED, tomllib.loads(make_catalog.make(400))):
        assert full(raw, rules) == []
        assert quick(raw, rules)


def test_quick_check_in_pieces_is_the_whole_check(rules: Rules) -> None:
    """QuickCheck.add per piece, then done: references may point to a later piece."""
    later = {**copy.deepcopy(OTHER), "counts_toward": ["target"]}
    check = QuickCheck(rules=rules, rates=RATES, today=TODAY)
    assert check.add([later]) and check.add([copy.deepcopy(ENTRY)]) and check.done()
    dangling = QuickCheck(rules=rules, rates=RATES, today=TODAY)
    assert dangling.add([{**later, "counts_toward": ["nope"]}]) and not dangling.done()
    duplicate = QuickCheck(rules=rules, rates=RATES, today=TODAY)
    assert duplicate.add([copy.deepcopy(ENTRY)]) and not duplicate.add([copy.deepcopy(ENTRY)])
    assert not QuickCheck(rules=rules, rates=RATES, today=TODAY).add({"a": 1})


# ---- generated catalogs: the two agree, whatever the mix ---------------------------------------

ENTRIES = [case.raw["programs"][0] for case in INVALID_CASES + VALID_CASES if case.raw.get(
    "programs") and isinstance(case.raw["programs"], list) and isinstance(case.raw["programs"][0],
                                                                          dict)]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=4),
    with_other=st.booleans(),
)
def test_quick_and_full_agree_on_mixed_catalogs(
    entries: list[dict[str, Any]], with_other: bool, rules: Rules
) -> None:
    """Entries with one problem or none, several to a catalog (so ids and names may repeat and
    references may dangle): the quick check says valid exactly when the schema finds nothing."""
    programs = copy.deepcopy(entries) + ([copy.deepcopy(OTHER)] if with_other else [])
    raw = {"programs": programs}
    assert quick(raw, rules) == (full(raw, rules) == [])
