"""The quick proof that a catalog is valid: every rule of `catalog.py` beside it, in plain Python.

It never decides that a file is invalid, so it needs no messages: False sends the file to the
full validation (pydantic), which names every problem. No pydantic here: a valid catalog, the
usual case, loads without importing it. tests/load/schema/test_quick.py keeps the two in step: every
value the schema refuses, this refuses too.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from hcai_path import iso, limits
from hcai_path.costs import Rates, basis_months, price_usd
from hcai_path.models import (
    ACADEMIC_CREDENTIALS,
    COST_BASES,
    CREDENTIALS,
    DEGREE_CREDENTIALS,
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

_TYPES = frozenset(PROGRAM_TYPES)
_CREDENTIALS = frozenset(CREDENTIALS)
_DELIVERIES = frozenset(DELIVERIES)
_RECOGNITIONS = frozenset(RECOGNITIONS)
_STATUSES = frozenset(STATUSES)
_BASES = frozenset(COST_BASES)
_PER = frozenset(PRICE_UNITS)
_TERMS = frozenset(TERM_MONTHS)
_ROUTE_KEYS = frozenset(Route._fields)
_PRICE_KEYS = frozenset(Price._fields)
_BASIS_KEYS = frozenset(DurationBasis._fields)
_BASIS_REQUIRED = frozenset(
    f for f in DurationBasis._fields if f not in DurationBasis._field_defaults
)
# fullmatch: pydantic's `$` refuses "a\n", Python's `$` alone would not.
_IDENT = re.compile(limits.ID_PATTERN).fullmatch
_URL = re.compile(limits.HTTPS_URL_PATTERN).fullmatch
_COUNTRY = re.compile(r"[A-Z]{2}").fullmatch
_LANGUAGE = re.compile(r"[a-z]{2}").fullmatch
_CURRENCY = re.compile(r"[A-Z]{3}").fullmatch


def quick_valid(raw: Any, *, rules: Rules, rates: Rates, today: dt.date) -> bool:
    """True only if `catalog.check_catalog` would find no problem in `raw`."""
    if type(raw) is not dict or not raw.keys() <= {"programs"}:
        return False
    check = QuickCheck(rules=rules, rates=rates, today=today)
    return check.add(raw.get("programs", [])) and check.done()


def _text(value: Any, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _ident(value: Any) -> bool:
    return type(value) is str and len(value) <= limits.ID_MAX and _IDENT(value) is not None


def _ids(value: Any, vocabulary: frozenset[str] | None, nonempty: bool = False) -> bool:
    """A list of well-formed ids, each once, from `vocabulary` (None: any)."""
    if type(value) is not list or (nonempty and not value):
        return False
    for item in value:
        if not _ident(item) or (vocabulary is not None and item not in vocabulary):
            return False
    return vocabulary is None or len(set(value)) == len(value)


def _number(value: Any, low: float, high: float, *, above: bool = False) -> bool:
    """A finite int or float in [low, high] (in (low, high] with `above`)."""
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return (low < value if above else low <= value) and value <= high
    return False


def _optional(p: dict[str, Any], key: str, check: Callable[[Any], bool]) -> bool:
    return key not in p or check(p[key])


class QuickCheck:
    """`quick_valid` for a catalog read in pieces: `add` each piece's programs, then `done`."""

    def __init__(self, *, rules: Rules, rates: Rates, today: dt.date) -> None:
        self.topics = frozenset(rules.topics)
        self.roles = rules.role_vocabulary()
        self.degrees = frozenset(rules.degrees)
        self.academic_degrees = frozenset(d for d, x in rules.degrees.items() if x.kind == "degree")
        self.rates = rates
        self.today = today
        self.seen_ids: set[str] = set()
        self.seen_names: set[tuple[str, str]] = set()
        self.references: list[tuple[str, Any]] = []

    def done(self) -> bool:
        """Whether every counts_toward and prepares_for names another program of the catalog."""
        for ident, refs in self.references:
            for ref in refs:
                if ref == ident or ref not in self.seen_ids:
                    return False
        return True

    def add(self, programs: Any) -> bool:
        if type(programs) is not list:
            return False
        for p in programs:
            if not (type(p) is dict and REQUIRED_KEYS <= p.keys() <= PROGRAM_KEYS):
                return False
            if not (
                self._identity(p)
                and self._kind(p)
                and self._place(p)
                and self._cost(p)
                and self._duration(p)
                and self._eligibility(p)
                and self._links(p)
            ):
                return False
        return True

    def _identity(self, p: dict[str, Any]) -> bool:
        ident, name, provider = p["id"], p["name"], p["provider"]
        if not _ident(ident) or ident in self.seen_ids:
            return False
        self.seen_ids.add(ident)
        if not (_text(name, 1, limits.TEXT_MAX) and _text(provider, 1, limits.TEXT_MAX)):
            return False
        if not _text(p["prerequisites"], 1, limits.TEXT_MAX):
            return False
        names = (name.casefold().strip(), provider.casefold().strip())
        if names in self.seen_names:
            return False
        self.seen_names.add(names)
        verified = p["verified"]
        return type(verified) is dt.date and verified <= self.today

    def _kind(self, p: dict[str, Any]) -> bool:
        kind, credential, delivery = p["type"], p["credential"], p["delivery"]
        if not (type(kind) is str and kind in _TYPES):
            return False
        if not (type(credential) is str and credential in _CREDENTIALS):
            return False
        if not (type(delivery) is str and delivery in _DELIVERIES):
            return False
        if kind == "academic" and credential not in ACADEMIC_CREDENTIALS:
            return False
        if credential in DEGREE_CREDENTIALS and kind != "academic":
            return False
        if not (_ids(p["topics"], self.topics, True) and _ids(p["roles"], self.roles, True)):
            return False
        if "awards" in p:
            if not _ids(p["awards"], self.degrees):
                return False
            if credential not in DEGREE_CREDENTIALS and not self.academic_degrees.isdisjoint(
                p["awards"]
            ):
                return False
        if not _optional(p, "recognition", lambda v: type(v) is str and v in _RECOGNITIONS):
            return False
        if not _optional(p, "status", lambda v: type(v) is str and v in _STATUSES):
            return False
        return _optional(p, "status_note", lambda v: _text(v, 0, limits.TEXT_MAX))

    def _place(self, p: dict[str, Any]) -> bool:
        if "country" in p:
            country = p["country"]
            if not (type(country) is str and _COUNTRY(country) and country in iso.COUNTRIES):
                return False
        if "languages" in p:
            languages = p["languages"]
            if type(languages) is not list:
                return False
            for code in languages:
                if not (type(code) is str and _LANGUAGE(code) and code in iso.LANGUAGES):
                    return False
            if len(set(languages)) != len(languages):  # once every code is a str (hashable)
                return False
        return True

    def _price(self, value: Any) -> bool:
        if type(value) is not dict or value.keys() != _PRICE_KEYS:
            return False
        amount, currency, per, units = (value[k] for k in Price._fields)
        if not (
            _number(amount, 0, limits.AMOUNT_MAX)
            and _number(units, 0, limits.UNITS_MAX, above=True)
        ):
            return False
        if not (type(currency) is str and _CURRENCY(currency) and type(per) is str):
            return False
        if per not in _PER or self.rates.usd(currency) is None:
            return False
        return price_usd(Price(amount, currency, per, units), self.rates)[0] <= limits.DOLLARS_MAX

    def _cost(self, p: dict[str, Any]) -> bool:
        for published, price in (
            ("cost_usd", "price"),
            ("cost_usd_international", "price_international"),
        ):
            if published in p and price in p:
                return False
            if not _optional(p, published, lambda v: _number(v, 0, limits.DOLLARS_MAX)):
                return False
            if not _optional(p, price, self._price):
                return False
        if not _optional(p, "cost_basis", lambda v: type(v) is str and v in _BASES):
            return False
        if not _optional(p, "cost_note", lambda v: _text(v, 0, limits.TEXT_MAX)):
            return False
        if "cost_usd" not in p and "price" not in p:
            note = p.get("cost_note")
            return isinstance(note, str) and _text(note, 1, limits.TEXT_MAX) and bool(note.strip())
        return True

    def _duration(self, p: dict[str, Any]) -> bool:
        if "duration_months" in p and "duration_basis" in p:
            return False
        if not _optional(p, "duration_months", lambda v: _number(v, 0, limits.MONTHS_MAX)):
            return False
        if not _optional(p, "duration_note", lambda v: _text(v, 0, limits.TEXT_MAX)):
            return False
        basis = p.get("duration_basis")
        if basis is None:
            return "duration_basis" not in p
        if type(basis) is not dict or not (_BASIS_REQUIRED <= basis.keys() <= _BASIS_KEYS):
            return False
        term, unit = basis["term"], basis.get("unit", "")
        if not (type(term) is str and term in _TERMS and _text(unit, 0, limits.ID_MAX)):
            return False
        counts = [basis.get(k) for k in ("terms", "units", "per_term")]
        for count in counts:
            if count is not None and not _number(count, 0, limits.UNITS_MAX, above=True):
                return False
        terms, units, per_term = counts
        if not (terms is not None) ^ (units is not None and per_term is not None):
            return False
        built = DurationBasis(term, terms, units, unit, per_term)
        return basis_months(built)[0] <= limits.MONTHS_MAX

    def _route(self, route: Any) -> bool:
        if type(route) is not dict or not route.keys() <= _ROUTE_KEYS:
            return False
        if not _optional(route, "roles", lambda v: _ids(v, self.roles)):
            return False
        if not _optional(route, "degrees", lambda v: _ids(v, self.degrees)):
            return False
        years = route.get("min_years", 0)
        if type(years) is not int or not 0 <= years <= limits.MIN_YEARS_MAX:
            return False
        return _optional(route, "note", lambda v: _text(v, 0, limits.TEXT_MAX))

    def _eligibility(self, p: dict[str, Any]) -> bool:
        if "eligibility" not in p:
            return True
        elig = p["eligibility"]
        if type(elig) is not dict or not elig.keys() <= ELIGIBILITY_KEYS:
            return False
        if "routes" not in elig:
            return self._route(elig)  # the flat form: one route
        if elig.keys() & (_ROUTE_KEYS - {"note"}):
            return False
        routes = elig["routes"]
        if type(routes) is not list or not all(self._route(r) for r in routes):
            return False
        return _optional(elig, "note", lambda v: _text(v, 0, limits.TEXT_MAX))

    def _links(self, p: dict[str, Any]) -> bool:
        for field in ("counts_toward", "prepares_for"):
            if field in p:
                if not _ids(p[field], None):
                    return False
                self.references.append((p["id"], p[field]))
        for field in ("url", "source"):
            url = p[field]
            if not _text(url, 1, limits.URL_MAX) or not _URL(url):
                return False
        return True
