"""Catalog entries that break one rule each, derived from the schema itself.

`FIELD_CASES` comes from the pydantic JSON schema of `ProgramIn` (load/schema/catalog.py) and of
its nested tables: for every field, values of the wrong type, outside its bounds, not matching
its pattern, not one of its literals, too long, too short; tables missing a required key or
with an unknown one. A field added to the schema gets its cases without a change here (a field
of a kind this module cannot break fails `field_cases` loudly). `CATALOG_CASES` are the rules
that look beyond one field's schema (duplicates, vocabularies, references, pairs of fields,
exchange rates, computed totals, eligibility routes), written by hand.

Each case is a whole raw catalog (what tomllib returns) holding exactly one problem. Used by the
twin test (tests/load/schema/test_quick.py) and the fuzz tests. Not a test module.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from data_cases import program

from hcai_path.limits import AMOUNT_MAX, DOLLARS_MAX, ID_MAX, MIN_YEARS_MAX, TEXT_MAX, UNITS_MAX
from hcai_path.load.schema.catalog import ProgramIn

# Later than every `verified` below, and than the shipped catalog's.
TODAY = dt.date(2030, 1, 1)
SCHEMA = ProgramIn.model_json_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]

ROUTE = {"roles": ["nurse"], "degrees": ["bachelors"], "min_years": 1, "note": "after a year"}
FLAT_ROUTE = {"roles": ["nurse", "pharmacist"], "min_years": 2, "note": "two years"}
# A valid value of each table of the schema, to break one key at a time.
TABLES: dict[str, dict[str, Any]] = {
    "PriceIn": {"amount": 9000, "currency": "GBP", "per": "year", "units": 2},
    "DurationBasisIn": {"term": "semester", "terms": 3},
    "RouteIn": ROUTE,
    "EligibilityIn": {"routes": [ROUTE, {"degrees": ["masters"]}], "note": "any route"},
}
# Where a key is broken in another valid table than the one above: a flat route's keys in a
# flat eligibility table, a pace's keys in a basis counted in credits.
TABLE_FOR: dict[tuple[str, str], dict[str, Any]] = {
    **{("EligibilityIn", key): FLAT_ROUTE for key in ("roles", "degrees", "min_years")},
    **{
        ("DurationBasisIn", key): {"term": "quarter", "units": 45, "unit": "credit", "per_term": 9}
        for key in ("units", "per_term", "unit")
    },
}

OTHER = program(id="other-program", name="Other Program")
# A valid entry with every optional field given.
ENTRY: dict[str, Any] = program(
    id="target",
    name="Target Program",
    type="academic",
    credential="masters",
    awards=["masters"],
    recognition="degree",
    country="GB",
    languages=["en", "cy"],
    status="active",
    status_note="next intake in September",
    duration_note="full time",
    cost_basis="home",
    cost_note="home tuition",
    cost_usd_international=30000,
    eligibility=TABLES["EligibilityIn"],
    counts_toward=["other-program"],
    prepares_for=["other-program"],
    verified=dt.date(2026, 1, 1),
)


def entry_for(field: str) -> dict[str, Any]:
    """ENTRY, ready for `field` to be set: a price or basis replaces the published figure."""
    entry = copy.deepcopy(ENTRY)
    if field == "price":
        del entry["cost_usd"]
        entry["price"] = dict(TABLES["PriceIn"])
    elif field == "price_international":
        del entry["cost_usd_international"]
        entry["price_international"] = dict(TABLES["PriceIn"])
    elif field == "duration_basis":
        del entry["duration_months"]
        entry["duration_basis"] = dict(TABLES["DurationBasisIn"])
    return entry


def catalog(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"programs": [*entries, copy.deepcopy(OTHER)]}


class Case(NamedTuple):
    field: str
    """Dotted path of the field broken (`[]` for a list's items)."""
    label: str
    raw: dict[str, Any]


# ---- from the schema -------------------------------------------------------------------------

# Strings to try against a pattern: those it does not match are its invalid values.
NEAR_MISSES = ["", " ", "a b", "A", "ABCD", "Bad Id", "a\n", "GB\n", "-a", "a-", "a--b", "é",
               "gb", "EN", "usd", "U S", "1x1", "\x1b[31m"]  # fmt: skip


def matches(pattern: str, text: str) -> bool:
    """Whether pydantic's regex engine (Rust: `$` is the very end) matches `text`."""
    if pattern.endswith("$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, text) is not None


def resolve(schema: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(table name, schema) of a field: references followed, `| None` dropped (TOML has no
    null: an absent key is how a file says None)."""
    if "anyOf" in schema:
        [schema] = [s for s in schema["anyOf"] if s.get("type") != "null"]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return name, DEFS[name]
    return None, schema


def invalid(schema: dict[str, Any], field: str) -> Iterator[tuple[str, str, Any]]:
    """(field, label, value) for values that `schema` refuses."""
    table, s = resolve(schema)
    if table is not None:
        yield from invalid_table(table, s, field)
        return
    kind = s.get("type")
    if "enum" in s:
        yield field, "not one of the literals", "nope"
        yield field, "a literal in capitals", s["enum"][0].upper()
        yield field, "not text", 1
    elif kind == "string" and s.get("format") == "date":
        yield field, "a quoted date", "2025-01-01"
        yield field, "a date-time", dt.datetime(2025, 1, 1, 12, 0)
        yield field, "a number", 20250101
    elif kind == "string":
        yield field, "a number", 5
        yield field, "a list", ["x"]
        yield field, "a boolean", True
        if s.get("minLength", 0) >= 1:
            yield field, "empty", ""
        if "maxLength" in s:
            yield field, "too long", "a" * (s["maxLength"] + 1)
        for text in NEAR_MISSES if "pattern" in s else ():
            if not matches(s["pattern"], text):
                yield field, f"{text!r} not matching {s['pattern']}", text
    elif kind in ("number", "integer"):
        yield field, "quoted", "1"
        yield field, "a boolean", True
        yield field, "a list", [1]
        if kind == "integer":
            yield field, "a fraction", 1.5
            yield field, "a whole float", 2.0
        else:
            yield field, "not a number", math.nan
            yield field, "infinite", math.inf
        if "minimum" in s:
            yield field, "under the minimum", s["minimum"] - 1
            if kind == "number":
                yield field, "just under the minimum", s["minimum"] - 0.5
        if "exclusiveMinimum" in s:
            yield field, "at the exclusive minimum", s["exclusiveMinimum"]
            yield field, "under the exclusive minimum", s["exclusiveMinimum"] - 1
        if "maximum" in s:
            yield field, "over the maximum", s["maximum"] + 1
            if kind == "number":
                yield field, "just over the maximum", s["maximum"] + 0.5
    elif kind == "array":
        yield field, "not a list", "x"
        yield field, "a table", {"a": "b"}
        if s.get("minItems", 0) >= 1:
            yield field, "empty", []
        for item_field, label, value in invalid(s["items"], field + "[]"):
            yield item_field, f"an item {label}", [value]
    else:
        raise AssertionError(f"no invalid values for {field} ({s}): teach schema_cases.invalid")


def invalid_table(name: str, s: dict[str, Any], field: str) -> Iterator[tuple[str, str, Any]]:
    valid = TABLES[name]
    yield field, "not a table", "x"
    yield field, "a number", 5
    yield field, "a list of tables", [valid]
    assert s.get("additionalProperties") is False, name
    yield field, "an unknown key", {**valid, "colour": "red"}
    for key in s.get("required", []):
        yield f"{field}.{key}", "missing", {k: v for k, v in valid.items() if k != key}
    for key, sub in s["properties"].items():
        base = TABLE_FOR.get((name, key), valid)
        for sub_field, label, value in invalid(sub, f"{field}.{key}"):
            yield sub_field, label, {**base, key: value}


def schema_fields(schema: dict[str, Any] = SCHEMA, field: str = "") -> set[str]:
    """Every field path of the schema, as `Case.field` spells them."""
    table, s = resolve(schema)
    if s.get("type") == "array":
        return schema_fields(s["items"], field + "[]")
    if table is None and field:
        return {field}
    out = {field} if field else set()
    for key, sub in s["properties"].items():
        out |= schema_fields(sub, f"{field}.{key}" if field else key)
    return out


def field_cases() -> list[Case]:
    cases = []
    for key, sub in SCHEMA["properties"].items():
        for field, label, value in invalid(sub, key):
            entry = entry_for(key)
            entry[key] = value
            cases.append(Case(field, f"{field}: {label}", catalog(entry)))
    for key in SCHEMA["required"]:
        entry = entry_for(key)
        del entry[key]
        cases.append(Case(key, f"{key}: missing", catalog(entry)))
    cases.append(Case("", "an unknown key", catalog({**ENTRY, "colour": "red"})))
    return cases


# ---- beyond one field: written by hand --------------------------------------------------------


def changed(field: str = "", **fields: Any) -> dict[str, Any]:
    """`entry_for(field)` with `fields` set (None removes one)."""
    entry = entry_for(field)
    entry.update(fields)
    return {k: v for k, v in entry.items() if v is not None}


def price(amount: float, currency: str = "USD", per: str = "year", units: float = 1) -> Any:
    return {"amount": amount, "currency": currency, "per": per, "units": units}


def basis(**keys: Any) -> dict[str, Any]:
    return keys


LATE = TODAY + dt.timedelta(days=1)
CATALOG_WIDE: list[tuple[str, str, Callable[[], dict[str, Any]]]] = [
    ("id", "a duplicate id", lambda: catalog(ENTRY, changed(name="Another"))),
    ("name", "the same name and provider", lambda: catalog(ENTRY, changed(id="b"))),
    ("name", "the same name and provider, other case", lambda: catalog(
        ENTRY, changed(id="b", name=" TARGET program ", provider="test PROVIDER"))),
    ("verified", "in the future", lambda: catalog(changed(verified=LATE))),
    ("url", "http", lambda: catalog(changed(url="http://a.example.org/"))),
    ("url", "a space", lambda: catalog(changed(url="https://a.example.org/a b"))),
    ("url", "a trailing newline", lambda: catalog(changed(url="https://a.example.org/\n"))),
    ("url", "no dot in the host", lambda: catalog(changed(url="https://localhost/"))),
    ("url", "user info", lambda: catalog(changed(url="https://u@a.example.org/"))),
    ("source", "javascript", lambda: catalog(changed(source="javascript:alert(1)"))),
    ("url", "too long", lambda: catalog(changed(url="https://a.example.org/" + "a" * 2000))),
    ("counts_toward", "itself", lambda: catalog(changed(counts_toward=["target"]))),
    ("counts_toward", "an unknown id", lambda: catalog(changed(counts_toward=["nope"]))),
    ("prepares_for", "an unknown id", lambda: catalog(changed(prepares_for=["nope"]))),
    ("prepares_for", "itself", lambda: catalog(changed(prepares_for=["target"]))),
    ("topics", "an unknown topic", lambda: catalog(changed(topics=["ethics", "astrology"]))),
    ("topics", "a topic twice", lambda: catalog(changed(topics=["ethics", "ethics"]))),
    ("roles", "an unknown role", lambda: catalog(changed(roles=["wizard"]))),
    ("roles", "a role twice", lambda: catalog(changed(roles=["nurse", "nurse"]))),
    ("awards", "an unknown degree", lambda: catalog(changed(awards=["phd"]))),
    ("awards", "a degree twice", lambda: catalog(changed(awards=["masters", "masters"]))),
    ("awards", "a degree from a certificate", lambda: catalog(
        changed(type="professional", credential="certificate", awards=["masters"],
                recognition=None))),
    ("type", "academic for a certification", lambda: catalog(
        changed(credential="certification", awards=None))),
    ("type", "a masters that is not academic", lambda: catalog(changed(type="professional"))),
    ("type", "a doctorate that is executive", lambda: catalog(
        changed(type="executive", credential="doctorate"))),
    ("country", "not a country", lambda: catalog(changed(country="ZZ"))),
    ("country", "a withdrawn code", lambda: catalog(changed(country="YU"))),
    ("languages", "not a language", lambda: catalog(changed(languages=["en", "xx"]))),
    ("languages", "a language twice", lambda: catalog(changed(languages=["en", "en"]))),
    ("cost_usd", "a total and a price", lambda: catalog(changed("price", cost_usd=100))),
    ("cost_usd_international", "a total and a price", lambda: catalog(
        changed("price_international", cost_usd_international=100))),
    ("price.currency", "no rate for the currency", lambda: catalog(
        changed("price", price=price(10, "XAU")))),
    ("price_international.currency", "no rate for the currency", lambda: catalog(
        changed("price_international", price_international=price(10, "XAU")))),
    ("price", "over the bound once computed", lambda: catalog(
        changed("price", price=price(DOLLARS_MAX // 2 + 1, units=2)))),
    ("price", "over the bound once converted", lambda: catalog(
        changed("price", price=price(AMOUNT_MAX, "JPY", units=1)))),
    ("price_international", "over the bound once computed", lambda: catalog(
        changed("price_international", price_international=price(DOLLARS_MAX, units=1.5)))),
    ("cost_note", "no cost and no note", lambda: catalog(changed(cost_usd=None, cost_note=None))),
    ("cost_note", "no cost and an empty note", lambda: catalog(changed(cost_usd=None,
                                                                       cost_note=""))),
    ("cost_note", "no cost and a blank note", lambda: catalog(changed(cost_usd=None,
                                                                      cost_note=" \t"))),
    ("duration_months", "a length and a basis", lambda: catalog(
        changed("duration_basis", duration_months=12))),
    ("duration_basis", "neither terms nor units", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="year")))),
    ("duration_basis", "units without a pace", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="year", units=30)))),
    ("duration_basis", "a pace without units", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="year", per_term=30)))),
    ("duration_basis", "terms and units", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="year", terms=1, units=3,
                                                      per_term=3)))),
    ("duration_basis", "over the bound once computed", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="year", terms=16)))),
    ("duration_basis", "over the bound at a slow pace", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="week", units=UNITS_MAX,
                                                      per_term=1)))),
    ("duration_basis", "an endless pace", lambda: catalog(
        changed("duration_basis", duration_basis=basis(term="week", units=UNITS_MAX,
                                                      per_term=5e-324)))),
    ("eligibility", "routes and a flat route", lambda: catalog(
        changed(eligibility={"routes": [ROUTE], "roles": ["nurse"]}))),
    ("eligibility", "routes and flat years", lambda: catalog(
        changed(eligibility={"routes": [], "min_years": 2}))),
    ("eligibility.routes.0.roles", "an unknown role", lambda: catalog(
        changed(eligibility={"routes": [{"roles": ["wizard"]}]}))),
    ("eligibility.routes.1.degrees", "an unknown degree", lambda: catalog(
        changed(eligibility={"routes": [ROUTE, {"degrees": ["phd"]}]}))),
    ("eligibility.routes.0.roles", "a role twice", lambda: catalog(
        changed(eligibility={"routes": [{"roles": ["nurse", "nurse"]}]}))),
    ("eligibility.roles", "an unknown flat role", lambda: catalog(
        changed(eligibility={"roles": ["wizard"]}))),
    ("eligibility.degrees", "an unknown flat degree", lambda: catalog(
        changed(eligibility={"degrees": ["phd"], "min_years": 3}))),
    ("programs", "not a list", lambda: {"programs": {"a": 1}}),
    ("", "an entry that is not a table", lambda: {"programs": [*catalog(ENTRY)["programs"], "x"]}),
    ("", "an unknown top-level key", lambda: {**catalog(ENTRY), "extra": 1}),
    ("", "an unknown top-level table", lambda: {**catalog(ENTRY), "roles": [{"id": "a"}]}),
]  # fmt: skip


def catalog_cases() -> list[Case]:
    return [Case(field, f"{field}: {label}", make()) for field, label, make in CATALOG_WIDE]


# ---- valid: at the bounds, every literal ------------------------------------------------------


def valid_variants() -> list[Case]:
    """Entries that both validations accept: the bounds themselves, every literal value."""
    out: list[tuple[str, dict[str, Any]]] = [
        ("id", changed(id="a" * ID_MAX)),
        ("name", changed(name="x" * TEXT_MAX)),
        ("name", changed(name=" ")),
        ("cost_note", changed(cost_note="")),
        ("cost_usd", changed(cost_usd=0)),
        ("cost_usd", changed(cost_usd=DOLLARS_MAX)),
        ("cost_usd", changed(cost_usd=None, cost_note="not published")),
        ("duration_months", changed(duration_months=0)),
        ("duration_months", changed(duration_months=180.0)),
        ("languages", changed(languages=[])),
        ("eligibility", changed(eligibility={})),
        ("eligibility", changed(eligibility={"routes": []})),
        ("eligibility", changed(eligibility=FLAT_ROUTE)),
        ("eligibility", changed(eligibility={"min_years": MIN_YEARS_MAX})),
        ("eligibility", changed(eligibility={"note": "by invitation"})),
        ("price", changed("price", price=price(DOLLARS_MAX, per="total"))),
        ("price", changed("price", price=price(0, "EUR", "credit", UNITS_MAX))),
        ("price", changed("price", price=price(AMOUNT_MAX, "JPY", "credit", 0.01))),
        ("price", changed("price", cost_note=None)),
        ("duration_basis", changed("duration_basis", duration_basis=basis(term="week",
                                                                          terms=780))),
        ("duration_basis", changed("duration_basis", duration_basis=basis(
            term="month", units=1, unit="x" * ID_MAX, per_term=UNITS_MAX))),
        ("counts_toward", changed(counts_toward=["other-program", "other-program"])),
        ("verified", changed(verified=TODAY)),
        ("recognition", changed(recognition=None)),
        ("type", changed(type="executive", credential="specialization", awards=None)),
    ]  # fmt: skip
    for key in ("recognition", "status", "cost_basis"):
        _, s = resolve(SCHEMA["properties"][key])
        out += [(key, changed(**{key: value})) for value in s["enum"]]
    for key in ("per", "term"):
        table = "PriceIn" if key == "per" else "DurationBasisIn"
        field = "price" if key == "per" else "duration_basis"
        for value in DEFS[table]["properties"][key]["enum"]:
            out.append((f"{field}.{key}", changed(field, **{field: {**TABLES[table], key: value}})))
    return [Case(field, f"{field}: valid", catalog(entry)) for field, entry in out]


FIELD_CASES = field_cases()
CATALOG_CASES = catalog_cases()
INVALID_CASES = FIELD_CASES + CATALOG_CASES
VALID_CASES = valid_variants()
