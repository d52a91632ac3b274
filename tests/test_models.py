"""models.py: Program's field list, written once, and everything derived from it: the keys a
file may use, the JSON record, the cache rows; staleness; the result types."""

from __future__ import annotations

import datetime as dt
import marshal
from typing import Any

import pytest
from conftest import RECORD_COLUMNS, TODAY, make_program
from data_cases import program
from hypothesis import HealthCheck, given, settings
from strategies import programs

from hcai_path.models import (
    COMPUTED_FROM,
    DERIVED,
    ELIGIBILITY_KEYS,
    PROGRAM_KEYS,
    RECORD_KEYS,
    REQUIRED_KEYS,
    STALE_AFTER_MONTHS,
    Catalog,
    DurationBasis,
    Eligibility,
    Price,
    Program,
    Route,
    is_stale,
    plain,
    program_from_raw,
    program_from_row,
    program_record,
    program_to_row,
    site,
    stale_cutoff,
)

EXPECTED_RECORD_KEYS = RECORD_COLUMNS


def test_keys_derived_from_program() -> None:
    assert RECORD_KEYS == EXPECTED_RECORD_KEYS
    assert DERIVED == {"cost_computation", "duration_computation"}
    assert PROGRAM_KEYS == set(Program._fields) - DERIVED
    assert REQUIRED_KEYS == {
        "id", "name", "provider", "type", "credential", "delivery", "topics", "roles",
        "prerequisites", "url", "source", "verified",
    }  # fmt: skip
    assert ELIGIBILITY_KEYS == {"routes", "note", "roles", "degrees", "min_years"}
    assert set(COMPUTED_FROM) <= PROGRAM_KEYS and set(COMPUTED_FROM.values()) <= PROGRAM_KEYS
    # required fields first: a Program can be built from the required ones alone
    assert Program._fields[: len(REQUIRED_KEYS)] == tuple(
        f for f in Program._fields if f in REQUIRED_KEYS
    )


def test_program_from_raw() -> None:
    raw = program(
        duration_months=24.0,
        cost_usd=12.5,
        eligibility={"roles": ["nurse"], "min_years": 2},
        price=None,
        counts_toward=["a"],
    )
    p = program_from_raw(raw)
    assert p.duration_months == 24 and type(p.duration_months) is int  # prints as 24
    assert p.cost_usd == 12.5
    assert p.eligibility == Eligibility(routes=(Route(roles=("nurse",), min_years=2),))
    assert p.topics == ("ethics",) and p.counts_toward == ("a",)
    assert (p.status, p.cost_basis, p.languages, p.price) == ("unknown", "all", (), None)
    assert p.cost_computation == "" and not p.cost_estimated and not p.duration_estimated
    routed = program_from_raw(
        program(eligibility={"routes": [{"degrees": ["masters"]}, {}], "note": "n"})
    )
    assert routed.eligibility == Eligibility((Route(degrees=("masters",)), Route()), "n")
    nested = program_from_raw(
        program(
            cost_usd=None,
            price={"amount": 10, "currency": "GBP", "per": "year", "units": 2.0},
            duration_basis={"term": "year", "units": 60, "per_term": 30, "unit": "credit"},
        )
    )
    assert nested.price == Price(10, "GBP", "year", 2)
    assert nested.duration_basis == DurationBasis("year", None, 60, "credit", 30)
    assert nested.cost_estimated and nested.duration_estimated
    assert nested.cost_usd is None  # computed by the loader, which has the rates


def test_program_from_raw_shares_equal_values() -> None:
    seen: dict[Any, Any] = {}

    def share(value: Any) -> Any:
        return seen.setdefault(value, value)

    a = program_from_raw(program(id="a", provider="".join(["Pro", "vider"])), share=share)
    b = program_from_raw(program(id="b", provider="".join(["Pro", "vider"])), share=share)
    assert a.provider is b.provider and a.topics is b.topics and a.verified is b.verified


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_cache_rows_round_trip(catalog: list[Program]) -> None:
    """What the cache stores (marshal of plain tuples) gives back the same programs."""
    for p in catalog:
        row = program_to_row(p)
        assert program_from_row(marshal.loads(marshal.dumps(row))) == p


def test_program_record() -> None:
    p = make_program(
        id="p2",
        duration_months=None,
        cost_usd=1250,
        cost_note="per year",
        price=Price(1000, "GBP", "year", 1),
        cost_computation="GBP 1,000 ... = USD 1,250 (estimated)",
        duration_basis=DurationBasis("semester", 2),
        duration_computation="2 semesters x 6 months = 12 months (estimated)",
        duration_note="",
        eligibility=Eligibility((Route(("nurse",), (), 2, "two years"),), "any"),
        verified=dt.date(2019, 1, 1),
        languages=("en",),
    )
    record = program_record(p, TODAY)
    assert tuple(record) == EXPECTED_RECORD_KEYS
    assert record["cost_note"] == "GBP 1,000 ... = USD 1,250 (estimated); per year"
    assert record["duration_note"] == "2 semesters x 6 months = 12 months (estimated)"
    assert record["price"] == {"amount": 1000, "currency": "GBP", "per": "year", "units": 1}
    assert record["duration_basis"] == {
        "term": "semester", "terms": 2, "units": None, "unit": "", "per_term": None,
    }  # fmt: skip
    assert record["eligibility"] == {
        "routes": [{"roles": ["nurse"], "degrees": [], "min_years": 2, "note": "two years"}],
        "note": "any",
    }
    assert record["verified"] == "2019-01-01" and record["languages"] == ["en"]
    assert (record["cost_estimated"], record["duration_estimated"], record["stale"]) == (
        True,
        True,
        True,
    )
    fresh = program_record(make_program(), TODAY)
    assert (fresh["eligibility"], fresh["stale"], fresh["cost_estimated"]) == (None, False, False)


def test_plain() -> None:
    assert plain((Route(("a",)), dt.date(2025, 1, 2), [1, (2,)])) == [
        {"roles": ["a"], "degrees": [], "min_years": 0, "note": ""},
        "2025-01-02",
        [1, [2]],
    ]


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (dt.date(2026, 6, 1), dt.date(2024, 12, 1)),
        (dt.date(2026, 3, 31), dt.date(2024, 9, 30)),  # no 31 September: the last day
        (dt.date(2026, 8, 29), dt.date(2025, 2, 28)),
        (dt.date(2025, 8, 29), dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2026, 1, 15), dt.date(2024, 7, 15)),
    ],
)
def test_stale_cutoff(today: dt.date, cutoff: dt.date) -> None:
    """Exactly STALE_AFTER_MONTHS before today is still fresh; a day earlier is stale."""
    assert STALE_AFTER_MONTHS == 18
    assert stale_cutoff(today) == cutoff
    assert not is_stale(cutoff, today)
    assert is_stale(cutoff - dt.timedelta(days=1), today)
    assert make_program(verified=cutoff - dt.timedelta(days=1)).is_stale(today)


def test_catalog_by_id() -> None:
    a, b = make_program(id="a"), make_program(id="b")
    assert Catalog("c.toml", (a, b)).by_id() == {"a": a, "b": b}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bu.edu/academics/met/", "bu.edu"),
        ("https://hsph.harvard.edu/ala/x", "harvard.edu"),
        ("https://www.ox.ac.uk/admissions", "ox.ac.uk"),
        ("https://coursera.org:443/de-DE/specializations/x", "coursera.org"),
        ("https://github.com/someone/notes", "github.com"),
        ("https://WWW.Example.CO.UK", "example.co.uk"),
    ],
)
def test_site_is_the_registrable_part_of_the_host(url: str, expected: str) -> None:
    assert site(url) == expected


def test_a_source_on_another_site_is_third_party() -> None:
    own = make_program(url="https://www.udacity.com/course/x", source="https://udacity.com/y")
    other = make_program(url="https://www.udacity.com/course/x", source="https://easymed.ai/z")
    assert not own.source_is_third_party
    assert other.source_is_third_party
