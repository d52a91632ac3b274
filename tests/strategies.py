"""Hypothesis strategies for valid catalogs: raw entries (as a file holds them) covering every
field of `Program`, new ones included, and the programs the loader builds from them.

Used by tests/test_models.py (cache rows), tests/render/test_toml.py (`--format toml` round
trip) and others. Not a test module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from hcai_path import iso
from hcai_path.load import load_rules
from hcai_path.load.catalog import build_program
from hcai_path.load.rates import load_rates
from hcai_path.models import (
    ACADEMIC_CREDENTIALS,
    COST_BASES,
    CREDENTIALS,
    DEGREE_CREDENTIALS,
    PRICE_UNITS,
    RECOGNITIONS,
    STATUSES,
    TERM_MONTHS,
    Program,
)

RULES = load_rules(use_cache=False)
RATES = load_rates()
TODAY = dt.date(2026, 6, 1)

TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)
NOTE = st.one_of(st.just(""), TEXT)
IDENT = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
URL = st.from_regex(
    r"https://[a-z0-9]{1,10}(\.[a-z]{2,5}){1,2}(/[A-Za-z0-9._~:/?#@!$&'()*+,;=%\[\]-]{0,20})?",
    fullmatch=True,
)
MONTHS = st.one_of(st.integers(0, 180), st.floats(0, 180, allow_nan=False, allow_infinity=False))
COUNT = st.one_of(
    st.integers(1, 40), st.floats(0.5, 40, allow_nan=False).map(lambda x: round(x, 2))
)
ROLES = sorted(RULES.role_vocabulary())
DEGREES = list(RULES.degrees)
ACADEMIC_DEGREES = [d for d, x in RULES.degrees.items() if x.kind == "degree"]
OTHER_AWARDS = [d for d, x in RULES.degrees.items() if x.kind != "degree"]
CURRENCIES = ["USD", *RATES.usd_per_unit]


def subset(values: list[str], min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True)


def optional(draw: st.DrawFn, entry: dict[str, Any], key: str, strategy: Any) -> None:
    if draw(st.booleans()):
        entry[key] = draw(strategy)


ROUTES = st.fixed_dictionaries(
    {},
    optional={
        "roles": subset(ROLES),
        "degrees": subset(DEGREES),
        "min_years": st.integers(0, 60),
        "note": NOTE,
    },
)
PRICES = st.fixed_dictionaries(
    {
        "amount": st.integers(0, 20000) | st.floats(0, 20000).map(lambda x: round(x, 2)),
        "currency": st.sampled_from(CURRENCIES),
        "per": st.sampled_from(list(PRICE_UNITS)),
        "units": COUNT,
    }
)
BASES = st.one_of(
    st.fixed_dictionaries({"term": st.sampled_from(list(TERM_MONTHS)), "terms": st.integers(1, 6)}),
    st.fixed_dictionaries(
        {
            "term": st.sampled_from(["quarter", "semester", "year"]),
            "units": st.integers(1, 60),
            "per_term": st.integers(10, 60),
        },
        optional={"unit": st.sampled_from(["credit", "course", "module"])},
    ),
)


@st.composite
def raw_entries(draw: st.DrawFn, ident: str, others: list[str], index: int) -> dict[str, Any]:
    """One valid catalog entry, as tomllib gives it."""
    credential = draw(st.sampled_from(list(CREDENTIALS)))
    if credential in DEGREE_CREDENTIALS:
        kind = "academic"
    elif credential in ACADEMIC_CREDENTIALS:
        kind = draw(st.sampled_from(["academic", "professional", "executive"]))
    else:
        kind = draw(st.sampled_from(["professional", "executive"]))
    entry: dict[str, Any] = {
        "id": ident,
        "name": f"{draw(TEXT)} #{index}",
        "provider": draw(TEXT),
        "type": kind,
        "credential": credential,
        "delivery": draw(st.sampled_from(["online", "in-person", "hybrid"])),
        "topics": draw(subset(list(RULES.topics), 1)),
        "roles": draw(subset(ROLES, 1)),
        "prerequisites": draw(TEXT),
        "url": draw(URL),
        "source": draw(URL),
        "verified": draw(st.dates(dt.date(2000, 1, 1), TODAY)),
    }
    optional(draw, entry, "recognition", st.sampled_from(list(RECOGNITIONS)))
    optional(draw, entry, "country", st.sampled_from(sorted(iso.COUNTRIES)))
    optional(draw, entry, "languages", subset(sorted(iso.LANGUAGES)))
    optional(draw, entry, "status", st.sampled_from(list(STATUSES)))
    optional(draw, entry, "status_note", NOTE)
    if draw(st.booleans()):
        optional(draw, entry, "duration_basis", BASES)
    else:
        optional(draw, entry, "duration_months", MONTHS)
    optional(draw, entry, "duration_note", NOTE)
    cost = draw(st.sampled_from(["none", "published", "price"]))
    if cost == "published":
        entry["cost_usd"] = draw(MONTHS.map(lambda n: n * 10000))
    elif cost == "price":
        entry["price"] = draw(PRICES)
    international = draw(st.sampled_from(["none", "published", "price"]))
    if international == "published":
        entry["cost_usd_international"] = draw(st.integers(0, 90000))
    elif international == "price":
        entry["price_international"] = draw(PRICES)
    optional(draw, entry, "cost_basis", st.sampled_from(list(COST_BASES)))
    entry["cost_note"] = draw(TEXT.filter(str.strip) if cost == "none" else NOTE)
    if draw(st.booleans()):
        if draw(st.booleans()):  # the flat form of hcai-path 0.1
            entry["eligibility"] = draw(ROUTES)
        else:
            entry["eligibility"] = draw(
                st.fixed_dictionaries(
                    {"routes": st.lists(ROUTES, max_size=3)}, optional={"note": NOTE}
                )
            )
    awards = ACADEMIC_DEGREES + OTHER_AWARDS if credential in DEGREE_CREDENTIALS else OTHER_AWARDS
    optional(draw, entry, "awards", subset(awards))
    if others:
        optional(draw, entry, "counts_toward", subset(others))
        optional(draw, entry, "prepares_for", subset(others))
    return entry


@st.composite
def raw_catalogs(draw: st.DrawFn, max_size: int = 4) -> list[dict[str, Any]]:
    ids = draw(st.lists(IDENT, max_size=max_size, unique=True))
    return [
        draw(raw_entries(ident, [i for i in ids if i != ident], index))
        for index, ident in enumerate(ids)
    ]


def build(entries: list[dict[str, Any]]) -> list[Program]:
    return [build_program(e, lambda v: v, RATES) for e in entries]


programs = raw_catalogs().map(build)
