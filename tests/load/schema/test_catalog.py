"""load/schema/catalog.py: every problem of a catalog, named by file, line, column, entry and
field, with what to do; the fields of issue 11 (place, status, recognition, prices, bases,
eligibility routes) each refused with their own words."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pytest
from conftest import FIXTURE_CATALOG, TODAY

from hcai_path.errors import Problem
from hcai_path.load.rates import load_rates
from hcai_path.load.schema.catalog import (
    DurationBasisIn,
    PriceIn,
    ProgramIn,
    RouteIn,
    check_catalog,
)
from hcai_path.load.toml import parse_toml
from hcai_path.models import (
    COST_BASES,
    CREDENTIALS,
    DELIVERIES,
    ELIGIBILITY_KEYS,
    PRICE_UNITS,
    PROGRAM_KEYS,
    PROGRAM_TYPES,
    RECOGNITIONS,
    REQUIRED_KEYS,
    STATUSES,
    TERM_MONTHS,
    DurationBasis,
    Price,
    Route,
)
from hcai_path.rules import Rules

RATES = load_rates()
PATH = "catalog.toml"

BASE = """\
[[programs]]
id = "first"
name = "First"
provider = "P"
type = "professional"
credential = "course"
delivery = "online"
topics = ["ethics"]
roles = ["nurse"]
prerequisites = "None."
url = "https://first.example.org/"
source = "https://first.example.org/"
verified = 2026-01-01
cost_usd = 10

[[programs]]
id = "new-one"
name = "New One"
provider = "P"
type = "professional"
credential = "certification"
delivery = "online"
topics = ["informatics"]
roles = ["nurse"]
prerequisites = "An RN licence."
url = "https://new.example.org/"
source = "https://new.example.org/"
verified = 2026-02-01
cost_note = "exam fee"
"""


def problems(text: str, rules: Rules, today: dt.date = TODAY) -> list[Problem]:
    return check_catalog(
        parse_toml(text, PATH), path=PATH, text=text, rules=rules, rates=RATES, today=today
    )


# (the lines added to the second entry, the field named, words of the message)
NEW_FIELDS: list[tuple[str, str, str]] = [
    ('country = "gb"', "country",
     "must be an ISO 3166-1 alpha-2 country code in capitals, like 'GB'; got 'gb'"),
    ('country = "ZZ"', "country", "'ZZ' is not an ISO 3166-1 alpha-2 country code"),
    ("country = 44", "country", 'must be text in "quotes"; got 44'),
    ('languages = ["en", "xx"]', "languages", "'xx' is not an ISO 639-1 language code"),
    ('languages = ["en", "en"]', "languages", "'en' is listed twice; remove one"),
    ('languages = ["EN"]', "languages.0", "must be an ISO 639-1 language code in lowercase"),
    ('languages = "en"', "languages", 'must be a list, like ["a", "b"]'),
    ('status = "closed"', "status",
     "must be one of 'active', 'paused', 'discontinued' or 'unknown'; got 'closed'"),
    ("status_note = 5", "status_note", 'must be text in "quotes"; got 5'),
    ('recognition = "famous"', "recognition", "must be one of 'board-certification', "),
    ('cost_basis = "everyone"', "cost_basis",
     "must be one of 'all', 'home' or 'international'; got 'everyone'"),
    ('price = { amount = -1, currency = "USD", per = "credit", units = 3 }', "price.amount",
     "must be at least 0; got -1"),
    ('price = { amount = 10, currency = "usd", per = "credit", units = 3 }', "price.currency",
     "must be an ISO 4217 currency code in capitals, like 'EUR'; got 'usd'"),
    ('price = { amount = 10, currency = "XAU", per = "credit", units = 3 }', "price.currency",
     "no exchange rate for 'XAU' in data/currencies.toml; add its rate there"),
    ('price = { amount = 10, currency = "USD", per = "decade", units = 3 }', "price.per",
     "must be one of 'credit', 'course', "),
    ('price = { amount = 10, currency = "USD", per = "credit", units = 0 }', "price.units",
     "must be more than 0; got 0"),
    ('price = { amount = 10, currency = "USD", per = "credit" }', "price.units",
     "is required but missing; add it"),
    ('price = { amount = 10, currency = "USD", per = "credit", units = 3, tax = 1 }',
     "price.tax", "unknown key"),
    ('price = { amount = 1000000, currency = "USD", per = "year", units = 3 }', "price",
     "comes to more than USD 2,000,000; check the units"),
    ('price = "USD 10 a credit"', "price", "must be a table of key = value pairs"),
    ("cost_usd = 5\nprice = { amount = 1, currency = \"USD\", per = \"total\", units = 1 }",
     "cost_usd", "give cost_usd (a published total) or price (a unit price), not both"),
    ("cost_usd_international = -5", "cost_usd_international", "must be at least 0; got -5"),
    ('price_international = { amount = 10, currency = "XAU", per = "year", units = 1 }',
     "price_international.currency", "no exchange rate for 'XAU'"),
    ("cost_usd_international = 5\nprice_international = "
     '{ amount = 1, currency = "USD", per = "total", units = 1 }', "cost_usd_international",
     "give cost_usd_international (a published total) or price_international (a unit price)"),
    ('duration_basis = { term = "decade", terms = 2 }', "duration_basis.term",
     "must be one of 'week', 'month', 'quarter', 'semester' or 'year'; got 'decade'"),
    ('duration_basis = { term = "year", terms = 0 }', "duration_basis.terms",
     "must be more than 0; got 0"),
    ('duration_basis = { term = "year", terms = "two" }', "duration_basis.terms",
     "must be a number, not text; remove the quotes"),
    ('duration_basis = { term = "year", terms = 1, units = 30, per_term = 10 }',
     "duration_basis", "give terms (a count of terms), or units and per_term"),
    ('duration_basis = { term = "year", units = 30 }', "duration_basis",
     "give terms (a count of terms), or units and per_term"),
    ('duration_basis = { term = "year", terms = 16 }', "duration_basis",
     "comes to more than 180 months; check it"),
    (f'duration_basis = {{ term = "year", terms = 1, unit = "{"u" * 81}" }}',
     "duration_basis.unit", "is too long: at most 80 characters"),
    ("duration_months = 3\nduration_basis = { term = \"month\", terms = 3 }", "duration_months",
     "give duration_months (a published length) or duration_basis, not both"),
    ("eligibility = { routes = [ { roles = [\"nurse\"], min_years = 70 } ] }",
     "eligibility.routes.0.min_years", "must be at most 60; got 70"),
    ("eligibility = { routes = [ { roles = [\"nurse\"] }, { degrees = [\"phd\"] } ] }",
     "eligibility.routes.1.degrees", "'phd' is not a known degree"),
    ("eligibility = { routes = [ { roles = [\"wizard\"] } ] }", "eligibility.routes.0.roles",
     "'wizard' is not a known role"),
    ("eligibility = { routes = [ { roles = [\"nurse\"] } ], min_years = 2 }", "eligibility",
     "list the ways in as routes, or one route written flat, not both"),
    ("eligibility = { routes = [ 1 ] }", "eligibility.routes.0",
     "must be a table of key = value pairs; got 1"),
    ("eligibility = { routes = [ { roles = [\"nurse\"], hours = 2000 } ] }",
     "eligibility.routes.0.hours", "unknown key"),
    ("eligibility = { routes = { roles = [\"nurse\"] } }", "eligibility.routes",
     'must be a list, like ["a", "b"]'),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "field", "words"), NEW_FIELDS, ids=lambda v: str(v)[:40])
def test_each_new_field_is_named_with_file_line_entry_and_field(
    lines: str, field: str, words: str, rules: Rules
) -> None:
    text = BASE + lines + "\n"
    [problem] = problems(text, rules)
    key = field.split(".")[0]
    rows = text.splitlines()
    start = rows.index('id = "new-one"')
    line = next(i for i, r in enumerate(rows[start:], start + 1) if r.startswith(key + " ="))
    assert (problem.path, problem.line, problem.column) == (PATH, line, 1)
    assert (problem.entry, problem.field) == ("new-one", field)
    assert words in problem.message, problem.message
    assert str(problem).startswith(f"{PATH}:{line}:1: entry 'new-one': field '{field}': ")


def test_routes_written_as_tables_are_named_at_their_entry(rules: Rules) -> None:
    """`[[programs.eligibility.routes]]` tables: the field is named in full, the line is the
    entry's (the routes' own headers are not told apart)."""
    text = BASE + (
        '\n[programs.eligibility]\nnote = "x"\n\n[[programs.eligibility.routes]]\n'
        'roles = ["nurse"]\n\n[[programs.eligibility.routes]]\ndegrees = ["phd"]\n'
    )
    [problem] = problems(text, rules)
    assert (problem.entry, problem.field) == ("new-one", "eligibility.routes.1.degrees")
    assert problem.line == 16  # the second [[programs]]
    assert "'phd' is not a known degree" in problem.message


def test_schema_and_catalog_wide_problems_at_once_in_line_order(rules: Rules) -> None:
    """One run lists every problem: the schema's, and the catalog-wide ones of fields whose
    type is right (a field the schema refused is not checked again)."""
    text = (
        FIXTURE_CATALOG.replace('type = "executive"', 'type = "exec"')
        .replace('roles = ["data-scientist"]', 'roles = ["data-scientst"]')
        .replace('delivery = "online"\nduration_months = 6', "delivery = 5\nduration_months = 6")
    )
    text = text.replace('id = "epsilon-phd"', 'id = "alpha-ms"')
    found = [(p.entry, p.field) for p in problems(text, rules)]
    assert found == [
        ("beta-cert", "delivery"),
        ("gamma-exec", "type"),
        ("delta-course", "roles"),
        ("alpha-ms", "id"),
    ]
    said = {p.field: p.message for p in problems(text, rules)}
    assert said["roles"] == "'data-scientst' is not a known role; did you mean 'data-scientist'?"
    assert said["id"] == "duplicate id 'alpha-ms'; ids must be unique, rename one"


def test_an_unknown_word_without_a_close_match_points_to_the_list(rules: Rules) -> None:
    [problem] = problems(FIXTURE_CATALOG.replace('"leadership"]', '"qqqqqqqq"]', 1), rules)
    assert problem.message == "'qqqqqqqq' is not a known topic; see 'hcai-path topics'"


def test_verified_today_is_fine_tomorrow_is_not(rules: Rules) -> None:
    text = BASE.replace("verified = 2026-02-01", f"verified = {TODAY.isoformat()}")
    assert problems(text, rules) == []
    [problem] = problems(text, rules, today=TODAY - dt.timedelta(days=1))
    assert problem.message == (
        f"{TODAY.isoformat()} is in the future; use the date the source was read"
    )


# ---- the schema's vocabularies are the model's ------------------------------------------------


def literals(model: Any, field: str) -> set[str]:
    annotation = model.model_fields[field].annotation
    args = get_args(annotation)
    if type(None) in args:  # Literal[...] | None
        args = get_args(next(a for a in args if a is not type(None)))
    return set(args)


@pytest.mark.parametrize(
    ("model", "field", "vocabulary"),
    [
        (ProgramIn, "type", PROGRAM_TYPES),
        (ProgramIn, "credential", CREDENTIALS),
        (ProgramIn, "delivery", DELIVERIES),
        (ProgramIn, "recognition", RECOGNITIONS),
        (ProgramIn, "status", STATUSES),
        (ProgramIn, "cost_basis", COST_BASES),
        (PriceIn, "per", PRICE_UNITS),
        (DurationBasisIn, "term", TERM_MONTHS),
    ],
)
def test_schema_literals_are_the_model_vocabularies(
    model: Any, field: str, vocabulary: Any
) -> None:
    """pydantic needs literal types; they must list exactly the vocabularies of models.py."""
    assert literals(model, field) == set(vocabulary)


def test_schema_keys_are_the_model_keys() -> None:
    """The schema accepts exactly the keys the model derives from Program's fields."""
    fields = ProgramIn.model_fields
    assert set(fields) == PROGRAM_KEYS
    assert {name for name, f in fields.items() if f.is_required()} == REQUIRED_KEYS
    assert set(PriceIn.model_fields) == set(Price._fields)
    assert set(DurationBasisIn.model_fields) == set(DurationBasis._fields)
    assert set(RouteIn.model_fields) == set(Route._fields)
    assert set(ProgramIn.model_fields["eligibility"].annotation.__args__[0].model_fields) == (  # type: ignore[union-attr]
        ELIGIBILITY_KEYS
    )
