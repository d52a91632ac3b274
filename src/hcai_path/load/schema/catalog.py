"""The catalog schema: pydantic for the fields, then the catalog-wide rules, every problem located.

`catalog_quick.py` beside it proves the same rules quickly for valid files; a test fails when a
rule here has no twin there (tests/load/schema/test_quick.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hcai_path import iso
from hcai_path.costs import Rates, basis_months, price_usd
from hcai_path.errors import Problem
from hcai_path.limits import (
    AMOUNT_MAX,
    DOLLARS_MAX,
    HTTPS_URL_PATTERN,
    ID_MAX,
    ID_PATTERN,
    MIN_YEARS_MAX,
    MONTHS_MAX,
    TEXT_MAX,
    UNITS_MAX,
    URL_MAX,
)
from hcai_path.load.problems import (
    Locator,
    entry_label,
    problems_from_validation,
    short,
    table_lines,
)
from hcai_path.models import (
    ACADEMIC_CREDENTIALS,
    COMPUTED_FROM,
    DEGREE_CREDENTIALS,
    DurationBasis,
    Price,
    Route,
)
from hcai_path.rules import Rules

_HTTPS_URL = re.compile(HTTPS_URL_PATTERN)

Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
Note = Annotated[str, Field(max_length=TEXT_MAX)]
Url = Annotated[str, Field(min_length=1, max_length=URL_MAX)]
Months = Annotated[float, Field(ge=0, le=MONTHS_MAX, allow_inf_nan=False)]
Dollars = Annotated[float, Field(ge=0, le=DOLLARS_MAX, allow_inf_nan=False)]
Count = Annotated[float, Field(gt=0, le=UNITS_MAX, allow_inf_nan=False)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RouteIn(_Strict):
    roles: list[Ident] = []
    degrees: list[Ident] = []
    min_years: Annotated[int, Field(ge=0, le=MIN_YEARS_MAX)] = 0
    note: Note = ""


class EligibilityIn(RouteIn):
    """`routes` (any one admits), or the keys of one route written flat (hcai-path 0.1)."""

    routes: list[RouteIn] = []


class PriceIn(_Strict):
    amount: Annotated[float, Field(ge=0, le=AMOUNT_MAX, allow_inf_nan=False)]
    currency: CurrencyCode
    per: Literal["credit", "course", "module", "month", "quarter", "semester", "year", "total"]
    units: Count


class DurationBasisIn(_Strict):
    term: Literal["week", "month", "quarter", "semester", "year"]
    terms: Count | None = None
    units: Count | None = None
    unit: Annotated[str, Field(max_length=ID_MAX)] = ""
    per_term: Count | None = None


class ProgramIn(_Strict):
    id: Ident
    name: Text
    provider: Text
    type: Literal["academic", "professional", "executive"]
    credential: Literal[
        "doctorate",
        "masters",
        "graduate-certificate",
        "certificate",
        "certification",
        "specialization",
        "course",
    ]
    delivery: Literal["online", "in-person", "hybrid"]
    topics: list[Ident] = Field(min_length=1)
    roles: list[Ident] = Field(min_length=1)
    prerequisites: Text
    url: Url
    source: Url
    verified: dt.date
    recognition: (
        Literal[
            "board-certification",
            "accredited-certification",
            "degree",
            "fellowship",
            "university-certificate",
            "professional-certificate",
            "cme-course",
            "mooc-certificate",
            "open-course",
        ]
        | None
    ) = None
    country: CountryCode | None = None
    languages: list[LanguageCode] = []
    status: Literal["active", "paused", "discontinued", "unknown"] = "unknown"
    status_note: Note = ""
    duration_months: Months | None = None
    duration_basis: DurationBasisIn | None = None
    duration_note: Note = ""
    cost_usd: Dollars | None = None
    price: PriceIn | None = None
    cost_usd_international: Dollars | None = None
    price_international: PriceIn | None = None
    cost_basis: Literal["all", "home", "international"] = "all"
    cost_note: Note = ""
    eligibility: EligibilityIn | None = None
    awards: list[Ident] = []
    counts_toward: list[Ident] = []
    prepares_for: list[Ident] = []

    @field_validator("verified", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date (YYYY-MM-DD), not a date-time")
        return value


class CatalogIn(_Strict):
    programs: list[ProgramIn] = []


Add = Callable[[int, str, str], None]


def check_catalog(
    raw: Mapping[str, Any], *, path: str, text: str, rules: Rules, rates: Rates, today: dt.date
) -> list[Problem]:
    """Every problem of a parsed catalog: the schema, then the catalog-wide rules.

    The catalog-wide checks run even when the schema fails, on every field whose type is right,
    so that one run of `catalog validate` lists every problem.
    """
    lines = {"programs": table_lines(text, "programs")}
    problems: list[Problem] = []
    schema_bad: set[tuple[int, str]] = set()
    try:
        CatalogIn.model_validate(raw)
    except ValidationError as e:
        errors = e.errors()
        problems.extend(
            problems_from_validation(
                errors, path=path, raw=raw, lines=lines, text=text, plain_tables=("programs",)
            )
        )
        for err in errors:
            loc = err.get("loc", ())
            if len(loc) >= 2 and loc[0] == "programs" and isinstance(loc[1], int):
                # A whole entry (loc of 2) or one field of it (loc of 3 or more) the schema
                # refused: the catalog-wide checks leave it to the schema's message.
                schema_bad.add((loc[1], str(loc[2]) if len(loc) >= 3 else "*"))
    programs = raw.get("programs", [])
    if not isinstance(programs, list):
        return problems
    where = Locator(text, lines, raw)

    def add(index: int, field: str, message: str) -> None:
        line, column = where.field("programs", index, field)
        label = entry_label(programs[index], index)
        problems.append(Problem(path, message, line=line, column=column, entry=label, field=field))

    catalog_wide = _CatalogWide(programs, rules=rules, rates=rates, today=today, add=add)
    for i, p in enumerate(programs):
        if isinstance(p, Mapping) and (i, "*") not in schema_bad:
            catalog_wide.check(i, _Fields(p, i, schema_bad))
    problems.sort(key=lambda problem: problem.line or 0)
    return problems


class _Fields:
    """An entry's fields for the catalog-wide checks: a field the schema rejected reads as None."""

    def __init__(self, entry: Mapping[str, Any], index: int, schema_bad: set[tuple[int, str]]):
        self.entry, self.index, self.schema_bad = entry, index, schema_bad

    def __call__(self, field: str, kind: type | tuple[type, ...]) -> Any:
        value = self.entry.get(field)
        if (self.index, field) in self.schema_bad or not isinstance(value, kind):
            return None
        return value

    def __contains__(self, field: str) -> bool:
        return field in self.entry

    def bad(self, field: str) -> bool:
        """Whether the schema refused this field."""
        return (self.index, field) in self.schema_bad


class _CatalogWide:
    """The rules that look beyond one field: uniqueness, vocabularies, references, pairs of
    fields, and what the computed costs and durations come to."""

    def __init__(
        self, programs: list[Any], *, rules: Rules, rates: Rates, today: dt.date, add: Add
    ) -> None:
        self.add, self.rules, self.rates, self.today = add, rules, rates, today
        self.topics = frozenset(rules.topics)
        self.roles = rules.role_vocabulary()
        self.degrees = frozenset(rules.degrees)
        self.known_ids = {
            p["id"] for p in programs if isinstance(p, Mapping) and isinstance(p.get("id"), str)
        }
        self.seen_ids: set[str] = set()
        self.seen_names: dict[tuple[str, str], str] = {}

    def check(self, i: int, good: _Fields) -> None:
        ident = good("id", str)
        self._identity(i, good, ident)
        self._links(i, good, ident)
        self._kind(i, good)
        self._place(i, good)
        self._cost(i, good)
        self._duration(i, good)
        self._eligibility(i, good)

    def _identity(self, i: int, good: _Fields, ident: str | None) -> None:
        add = self.add
        if ident is not None:
            if ident in self.seen_ids:
                add(i, "id", f"duplicate id {short(ident)}; ids must be unique, rename one")
            self.seen_ids.add(ident)
        name, provider = good("name", str), good("provider", str)
        if name is not None and provider is not None:
            key = (name.casefold().strip(), provider.casefold().strip())
            if key in self.seen_names and self.seen_names[key] != ident:
                add(
                    i,
                    "name",
                    f"same name and provider as {short(self.seen_names[key])}; "
                    "merge the two entries or tell them apart in the name",
                )
            self.seen_names.setdefault(key, ident or f"#{i + 1}")
        verified = good("verified", dt.date)
        if verified is not None and not isinstance(verified, dt.datetime):
            if verified > self.today:
                add(
                    i,
                    "verified",
                    f"{verified.isoformat()} is in the future; use the date the source was read",
                )

    def _links(self, i: int, good: _Fields, ident: str | None) -> None:
        for field in ("url", "source"):
            url = good(field, str)
            if url is not None and not _HTTPS_URL.fullmatch(url):
                self.add(
                    i,
                    field,
                    f"must be an https:// URL of plain characters (spaces, quotes, "
                    f"<, > and control characters percent-encoded); got {short(url)}",
                )
        for field in ("counts_toward", "prepares_for"):
            for ref in _strings(good(field, list)):
                if ref == ident:
                    self.add(i, field, "a program cannot refer to itself; remove its own id")
                elif ref not in self.known_ids:
                    self.add(i, field, f"{short(ref)} is not a program id in this catalog")

    def _kind(self, i: int, good: _Fields) -> None:
        add = self.add
        _check_vocab(add, i, "topics", _strings(good("topics", list)), self.topics, "topic")
        _check_vocab(add, i, "roles", _strings(good("roles", list)), self.roles, "role")
        awards = _strings(good("awards", list))
        _check_vocab(add, i, "awards", awards, self.degrees, "degree")
        credential, kind = good("credential", str), good("type", str)
        if credential is None or kind is None:
            return
        if kind == "academic" and credential not in ACADEMIC_CREDENTIALS:
            add(
                i,
                "type",
                f"'academic' is only for academic credentials; "
                f"{short(credential)} is not one, so use 'professional' or 'executive'",
            )
        if credential in DEGREE_CREDENTIALS and kind != "academic":
            add(i, "type", f"a {credential} degree must have type 'academic'")
        if credential not in DEGREE_CREDENTIALS:
            for degree in awards:
                if degree in self.rules.degrees and self.rules.degrees[degree].kind == "degree":
                    add(
                        i,
                        "awards",
                        f"only doctorate and masters programs award the degree {short(degree)}; "
                        "remove it",
                    )

    def _place(self, i: int, good: _Fields) -> None:
        country = good("country", str)
        if country is not None and country not in iso.COUNTRIES:
            self.add(i, "country", f"{short(country)} is not an ISO 3166-1 alpha-2 country code")
        seen: set[str] = set()
        for code in _codes(good("languages", list)):
            if code in seen:
                self.add(i, "languages", f"{short(code)} is listed twice; remove one")
            elif code not in iso.LANGUAGES:
                self.add(i, "languages", f"{short(code)} is not an ISO 639-1 language code")
            seen.add(code)

    def _cost(self, i: int, good: _Fields) -> None:
        for computed, source in COMPUTED_FROM.items():
            if computed in good and source in good and source.startswith("price"):
                self.add(
                    i,
                    computed,
                    f"give {computed} (a published total) or {source} (a unit price), not both",
                )
        for field in ("price", "price_international"):
            price = _price(good(field, Mapping))
            if price is None:
                continue
            if self.rates.usd(price.currency) is None:
                self.add(
                    i,
                    f"{field}.currency",
                    f"no exchange rate for {short(price.currency)} in data/currencies.toml; "
                    "add its rate there",
                )
            elif price_usd(price, self.rates)[0] > DOLLARS_MAX:
                self.add(i, field, f"comes to more than USD {DOLLARS_MAX:,}; check the units")
        if "cost_usd" not in good and "price" not in good and not good.bad("cost_note"):
            note = good.entry.get("cost_note", "")
            if not (isinstance(note, str) and note.strip()):
                self.add(
                    i,
                    "cost_note",
                    "say why the cost is unknown when cost_usd and price are absent "
                    '(cost_note = "tuition not published")',
                )

    def _duration(self, i: int, good: _Fields) -> None:
        if "duration_months" in good and "duration_basis" in good:
            self.add(
                i,
                "duration_months",
                "give duration_months (a published length) or duration_basis, not both",
            )
        basis = good("duration_basis", Mapping)
        if basis is None:
            return
        terms, units, per_term = (basis.get(k) for k in ("terms", "units", "per_term"))
        if not (terms is not None) ^ (units is not None and per_term is not None):
            self.add(
                i,
                "duration_basis",
                "give terms (a count of terms), or units and per_term (credits at a pace), "
                "not both",
            )
            return
        built = _basis(basis)
        if built is not None and basis_months(built)[0] > MONTHS_MAX:
            self.add(i, "duration_basis", f"comes to more than {MONTHS_MAX} months; check it")

    def _eligibility(self, i: int, good: _Fields) -> None:
        elig = good("eligibility", Mapping)
        if elig is None:
            return
        flat = elig.keys() & (set(Route._fields) - {"note"})
        if elig.get("routes") is not None and flat:
            self.add(
                i,
                "eligibility",
                "list the ways in as routes, or one route written flat, not both",
            )
        routes = elig.get("routes")
        entries = routes if isinstance(routes, list) else [elig]
        for n, route in enumerate(entries):
            if not isinstance(route, Mapping):
                continue
            at = f"eligibility.routes.{n}" if routes is not None else "eligibility"
            for sub, allowed, what in (
                ("roles", self.roles, "role"),
                ("degrees", self.degrees, "degree"),
            ):
                values = route.get(sub, [])
                if isinstance(values, list):
                    _check_vocab(self.add, i, f"{at}.{sub}", _strings(values), allowed, what)


def _price(value: Mapping[str, Any] | None) -> Price | None:
    """The price of a well-formed table, else None (the schema names what is wrong)."""
    if value is None:
        return None
    try:
        price = Price(value["amount"], value["currency"], value["per"], value["units"])
    except KeyError:
        return None
    numbers = (price.amount, price.units)
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
        return None
    if not all(math.isfinite(x) and x >= 0 for x in numbers) or not isinstance(price.currency, str):
        return None
    return price


def _basis(value: Mapping[str, Any]) -> DurationBasis | None:
    term = value.get("term")
    numbers = [value.get(k) for k in ("terms", "units", "per_term")]
    if term not in ("week", "month", "quarter", "semester", "year"):
        return None
    for x in numbers:
        if x is not None and (
            isinstance(x, bool) or not isinstance(x, int | float) or not (0 < x <= UNITS_MAX)
        ):
            return None
    return DurationBasis(term, numbers[0], numbers[1], "", numbers[2])


_ID = re.compile(ID_PATTERN)


def _strings(values: list[Any] | None) -> list[str]:
    """The well-formed ids of a list (malformed ones already have a schema problem)."""
    return [v for v in values or () if isinstance(v, str) and len(v) <= ID_MAX and _ID.fullmatch(v)]


def _codes(values: list[Any] | None) -> list[str]:
    return [v for v in values or () if isinstance(v, str) and re.fullmatch(r"[a-z]{2}", v)]


def _check_vocab(
    add: Add,
    index: int,
    field: str,
    values: list[str],
    allowed: set[str] | frozenset[str],
    what: str,
) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            add(index, field, f"{short(value)} is listed twice; remove one")
        seen.add(value)
        if value not in allowed:
            close = difflib.get_close_matches(value, sorted(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; see 'hcai-path {what}s'"
            add(index, field, f"{short(value)} is not a known {what}{hint}")
