"""The data types that flow through hcai-path once the input boundary has validated them.

`Program` is the one place where a catalog entry's fields are written out: the keys a catalog
file may use, the JSON record, the delimited columns and the cache rows are all derived from it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

STALE_AFTER_MONTHS = 18
STALE_WORDS = f"verified over {STALE_AFTER_MONTHS} months ago"


# The catalog's vocabularies, each value with what it means (`hcai-path types` and the like
# print them; the schema's literals must match, a test holds them together).
PROGRAM_TYPES: dict[str, str] = {
    "academic": "degrees, graduate certificates and academic specializations",
    "professional": (
        "professional and industry certificates, exam-based and board certifications, "
        "vendor programs"
    ),
    "executive": "university executive education",
}
"""The three pathways of the field."""

CREDENTIALS: dict[str, str] = {
    "doctorate": "a doctoral degree (PhD and similar)",
    "masters": "a master's degree",
    "graduate-certificate": "a university graduate certificate",
    "certificate": "a certificate of completion from a program",
    "certification": "an exam-based or board certification",
    "specialization": "a course series",
    "course": "a single course",
}
"""What a learner holds at the end."""

DELIVERIES: dict[str, str] = {
    "online": "taught online",
    "in-person": "taught on site",
    "hybrid": "online with some on-site parts",
}
"""How a program is taught."""

DEGREE_CREDENTIALS = frozenset({"doctorate", "masters"})
ACADEMIC_CREDENTIALS = frozenset({"doctorate", "masters", "graduate-certificate", "specialization"})

RECOGNITIONS: dict[str, str] = {
    "board-certification": "a medical specialty board's certification (ABPM, ABPath)",
    "accredited-certification": (
        "an exam-based certification from a professional body (NI-BC, AHIC, CPHIMS)"
    ),
    "degree": "an accredited university degree",
    "fellowship": "an accredited or formal training fellowship",
    "university-certificate": "a university's graduate or professional certificate",
    "professional-certificate": "a certificate from a society or industry body",
    "cme-course": "a course that awards continuing-education credit",
    "mooc-certificate": "a paid certificate of an online course platform",
    "open-course": "a free course that awards at most a record of completion",
}
"""What a credential is worth to employers and boards, best first (docs/data-format.md)."""

STATUSES = ("active", "paused", "discontinued", "unknown")
"""Whether a program is taking learners."""

COST_BASES = ("all", "home", "international")
"""Whom a program's cost is for."""

PRICE_UNITS = ("credit", "course", "module", "month", "quarter", "semester", "year", "total")
"""The unit a published price is given for."""

# The stretches of time a source counts a program's length in, and the months of calendar time
# each takes, breaks included: two semesters or four quarters a year.
TERM_MONTHS: dict[str, float] = {
    "week": 12 / 52,
    "month": 1,
    "quarter": 3,
    "semester": 6,
    "year": 12,
}


class Route(NamedTuple):
    """One way into a program: any of `roles`, any of `degrees`, and `min_years`."""

    roles: tuple[str, ...] = ()
    degrees: tuple[str, ...] = ()
    min_years: int = 0
    note: str = ""
    """The source's own wording of this route (hours, licences, continuing education)."""


class Eligibility(NamedTuple):
    """Who may enrol or sit the exam: any one of `routes` admits."""

    routes: tuple[Route, ...] = ()
    note: str = ""


class Price(NamedTuple):
    """A published unit price and how many units the program takes."""

    amount: float
    currency: str
    per: str
    units: float


class DurationBasis(NamedTuple):
    """A length stated as a count of terms, or as units (credits) at a pace per term."""

    term: str
    terms: float | None = None
    units: float | None = None
    unit: str = ""
    per_term: float | None = None


class Program(NamedTuple):
    """One program of the catalog: the fields a catalog entry may have, required ones first.

    A NamedTuple because large catalogs build 100,000 of them. A field with a default may be
    left out of a catalog file; one without is required. The fields in DERIVED are computed
    when the catalog is loaded, never written in it.
    """

    id: str
    name: str
    provider: str
    type: str
    credential: str
    delivery: str
    topics: tuple[str, ...]
    roles: tuple[str, ...]
    prerequisites: str
    url: str
    source: str
    verified: dt.date
    recognition: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    status: str = "unknown"
    status_note: str = ""
    duration_months: float | None = None
    duration_basis: DurationBasis | None = None
    duration_note: str = ""
    cost_usd: float | None = None
    price: Price | None = None
    cost_usd_international: float | None = None
    price_international: Price | None = None
    cost_basis: str = "all"
    cost_note: str = ""
    eligibility: Eligibility | None = None
    awards: tuple[str, ...] = ()
    counts_toward: tuple[str, ...] = ()
    prepares_for: tuple[str, ...] = ()
    cost_computation: str = ""
    """How `cost_usd` was computed from `price` (and `cost_usd_international` from its price)."""
    duration_computation: str = ""
    """How `duration_months` was computed from `duration_basis`."""

    def is_stale(self, today: dt.date) -> bool:
        return is_stale(self.verified, today)

    @property
    def source_is_third_party(self) -> bool:
        """Whether its facts come from another site than its page (most often a guide, an
        article or a copy of the syllabus; now and then the provider's other domain): a reader
        should weigh them so."""
        return site(self.source) != site(self.url)

    @property
    def cost_estimated(self) -> bool:
        return self.price is not None

    @property
    def duration_estimated(self) -> bool:
        return self.duration_basis is not None


# Fields computed at load time, and the input each is computed from (when that is given, the
# computed field may not be given too).
DERIVED = frozenset({"cost_computation", "duration_computation"})
COMPUTED_FROM = {
    "cost_usd": "price",
    "cost_usd_international": "price_international",
    "duration_months": "duration_basis",
}
# What a catalog file may say of a program, derived from `Program`.
PROGRAM_KEYS = frozenset(Program._fields) - DERIVED
REQUIRED_KEYS = frozenset(f for f in Program._fields if f not in Program._field_defaults)
# An eligibility table lists `routes`; one written flat (the keys of a route, the format of
# hcai-path 0.1) is one route.
ELIGIBILITY_KEYS = frozenset(Eligibility._fields) | frozenset(Route._fields)
# The keys of a program's JSON record: its fields (a computation folded into its note), then
# what is derived from them.
RECORD_KEYS: tuple[str, ...] = (
    *(f for f in Program._fields if f not in DERIVED),
    "cost_estimated",
    "duration_estimated",
    "stale",
)


@functools.lru_cache(maxsize=16)  # asked once per program, always with the same day
def stale_cutoff(today: dt.date) -> dt.date:
    """The oldest `verified` date that is still fresh: STALE_AFTER_MONTHS before `today`."""
    months = today.year * 12 + today.month - 1 - STALE_AFTER_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


# Second-level labels under which a country's registry hands out names (ox.ac.uk, nhs.uk
# sites under nhs.uk itself): the site is then the last three labels.
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "govt", "net", "nhs", "org"})


def site(url: str) -> str:
    """The registrable part of a URL's host: www.bu.edu -> bu.edu, www.ox.ac.uk -> ox.ac.uk."""
    host = url.partition("://")[2].partition("/")[0].partition(":")[0].lower()
    labels = host.removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def is_stale(verified: dt.date, today: dt.date) -> bool:
    return verified < stale_cutoff(today)


class Catalog(NamedTuple):
    """A validated catalog: programs in file order, and where they came from."""

    path: str
    programs: tuple[Program, ...]

    def by_id(self) -> dict[str, Program]:
        return {p.id: p for p in self.programs}


# ---- converting programs: from parsed TOML, to and from cache rows, to JSON records ---------
#
# Each field's conversion follows from its annotation, read once: a date, a number, a tuple of
# text, or a nested NamedTuple (possibly optional, possibly a tuple of them).


def _same(value: Any) -> Any:
    return value


def _number(value: Any) -> float | None:
    """A number from a file: an int when it is whole (so 24.0 prints as 24), else a float."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


class _Kind(NamedTuple):
    """How one field converts: `nested` is the NamedTuple class of a table, `many` a list."""

    name: str
    default: Any
    kind: str  # "text", "number", "int", "date", "texts", "table"
    nested: type | None = None
    many: bool = False


@functools.cache
def _kinds(cls: type) -> tuple[_Kind, ...]:
    import typing

    hints = typing.get_type_hints(cls)
    out = []
    for name in cls._fields:  # type: ignore[attr-defined]
        hint = hints[name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        base = args[0] if typing.get_origin(hint) in (typing.Union, type(int | None)) else hint
        default = cls._field_defaults.get(name)  # type: ignore[attr-defined]
        if base is dt.date:
            out.append(_Kind(name, default, "date"))
        elif base is float:
            out.append(_Kind(name, default, "number"))
        elif base is int:
            out.append(_Kind(name, default, "int"))
        elif typing.get_origin(base) is tuple:
            item = typing.get_args(base)[0]
            if item is str:
                out.append(_Kind(name, default, "texts"))
            else:
                out.append(_Kind(name, default, "table", item, many=True))
        elif isinstance(base, type) and issubclass(base, tuple):
            out.append(_Kind(name, default, "table", base))
        else:
            out.append(_Kind(name, default, "text"))
    return tuple(out)


_UNIQUE = frozenset({"id", "name"})


def _from_raw(cls: type, raw: Mapping[str, Any], share: Callable[[Any], Any]) -> Any:
    values = []
    for k in _kinds(cls):
        value = raw.get(k.name)
        if value is None:
            values.append(k.default)
        elif k.kind == "texts":
            values.append(share(tuple(map(share, value))))
        elif k.kind == "number":
            values.append(_number(value))
        elif k.kind == "date":
            values.append(share(value))
        elif k.kind == "table":
            assert k.nested is not None
            if k.many:
                values.append(tuple(_from_raw(k.nested, item, share) for item in value))
            else:
                values.append(_from_raw(k.nested, value, share))
        else:
            values.append(share(value) if k.name in _SHARED_TEXT else value)
    return cls._make(values)  # type: ignore[attr-defined]


# Text fields whose values repeat across a catalog (providers and vocabulary words): one object
# each. Names, notes and URLs are mostly unique, and stay out of the sharer's table.
_SHARED_TEXT = frozenset(
    {"provider", "type", "credential", "delivery", "recognition", "country", "status"}
    | {"cost_basis", "currency", "per", "term", "unit"}
)


def program_from_raw(raw: Mapping[str, Any], *, share: Callable[[Any], Any] = _same) -> Program:
    """The program of a validated catalog entry; `share` returns one object for equal values
    (repeated vocabulary ids, providers and dates), which makes large catalogs smaller.
    Computed costs and durations are left to the loader, which has the exchange rates."""
    elig = raw.get("eligibility")
    if elig is not None and "routes" not in elig and elig.keys() & set(Route._fields):
        raw = {**raw, "eligibility": {"routes": [elig]}}  # the flat form: one route
    program: Program = _from_raw(Program, raw, share)
    return program


def _to_row(value: Any, cls: type) -> tuple[Any, ...]:
    row = []
    for k, item in zip(_kinds(cls), value, strict=True):
        if item is None or k.kind in ("text", "texts", "number", "int"):
            row.append(item)
        elif k.kind == "date":
            row.append(item.toordinal())
        elif k.many:
            assert k.nested is not None
            row.append(tuple(_to_row(x, k.nested) for x in item))
        else:
            assert k.nested is not None
            row.append(_to_row(item, k.nested))
    return tuple(row)


def program_to_row(p: Program) -> tuple[Any, ...]:
    """The program as plain tuples, numbers and text (what `marshal` can store)."""
    return _to_row(p, Program)


def _from_row(row: tuple[Any, ...], cls: type, share: Callable[[Any], Any]) -> Any:
    values = list(row)
    for index, k in _row_decoders(cls):
        item = values[index]
        if item is None:
            continue
        if k.kind == "date":
            values[index] = share(dt.date.fromordinal(item))
        elif k.many:
            assert k.nested is not None
            values[index] = tuple(_from_row(x, k.nested, share) for x in item)
        else:
            assert k.nested is not None
            values[index] = _from_row(item, k.nested, share)
    return cls._make(values)  # type: ignore[attr-defined]


@functools.cache
def _row_decoders(cls: type) -> tuple[tuple[int, _Kind], ...]:
    """The fields that a cache row stores in another form than the program's own."""
    return tuple((i, k) for i, k in enumerate(_kinds(cls)) if k.kind in ("date", "table"))


def program_from_row(row: tuple[Any, ...], *, share: Callable[[Any], Any] = _same) -> Program:
    program: Program = _from_row(row, Program, share)
    return program


def plain(value: Any) -> Any:
    """A field's value as JSON-ready data: tables as objects, tuples as lists, dates as text."""
    fields = getattr(value, "_fields", None)
    if fields is not None:
        return {name: plain(item) for name, item in zip(fields, value, strict=True)}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def program_record(p: Program, today: dt.date) -> dict[str, Any]:
    """A program as the contract's JSON object: RECORD_KEYS in order, each computation
    written in its note."""
    record = {
        name: plain(value)
        for name, value in zip(Program._fields, p, strict=True)
        if name not in DERIVED
    }
    if p.cost_computation:
        record["cost_note"] = _joined(p.cost_computation, p.cost_note)
    if p.duration_computation:
        record["duration_note"] = _joined(p.duration_computation, p.duration_note)
    record["cost_estimated"] = p.cost_estimated
    record["duration_estimated"] = p.duration_estimated
    record["stale"] = p.is_stale(today)
    return record


def _joined(computation: str, note: str) -> str:
    return f"{computation}; {note}" if note else computation


# ---- what `recommend` is asked, and what it answers ----------------------------------------
# NamedTuples, not dataclasses: they cost nothing to define at start-up. Build them with keywords.


class Request(NamedTuple):
    """What the user asks for, with every name already resolved to a rules or catalog id."""

    role: str
    """A role id, or a family id."""
    goals: tuple[str, ...] = ()
    """Goal ids; empty means the role's (or family's) `default_goals`."""
    budget_usd: float | None = None
    months: float | None = None
    delivery: str | None = None
    country: str | None = None
    """ISO 3166-1 alpha-2: steps are online or taught there; home fees apply there."""
    have_programs: tuple[str, ...] = ()
    """Program ids the user holds: never recommended again, and they count as coverage."""
    have_degrees: tuple[str, ...] = ()
    """Degree ids the user holds (with everything they imply)."""
    years: int | None = None
    """Years of experience; None is unknown (not zero)."""
    exclude_stale: bool = False
    have: tuple[str, ...] | None = None
    """The user's own `--have` words, echoed in `constraints`; None: programs then degrees."""


class Constraints(NamedTuple):
    budget_usd: float | None
    months: float | None
    delivery: str | None
    country: str | None
    have: tuple[str, ...]
    years: int | None


class Foundation(NamedTuple):
    name: str
    status: str
    """"held", "assumed" or "recommended"."""
    program_id: str | None


class Step(NamedTuple):
    order: int
    kind: str
    """What the step awards: degree, fellowship, certification, certificate or course."""
    program: Program
    closes: tuple[str, ...]
    """Competency ids this step brings up to the level the goals need."""
    builds: tuple[str, ...]
    """Competency ids it raises, but not that far."""
    why: str
    cost_usd: float | None
    """What this step costs you (the international fee where it applies); None: unknown."""
    after_years: int | None = None
    """Years of experience it asks before you can take it, which you did not give (the
    timeline counts study time only, so it cannot place the step)."""
    alike: tuple[str, ...] = ()
    """Ids of other programs that fill the same step of the recognised route and fit within
    your limits in its place, best fit first: fellowships and residencies are applied to in
    numbers."""


class Totals(NamedTuple):
    cost_usd: float
    """The sum of the known costs."""
    unknown_cost_steps: int
    months: float
    """The sum of the known durations (steps taken one after the other)."""
    unknown_duration_steps: int


class DegreeOption(NamedTuple):
    program: Program
    why: str


class Alternative(NamedTuple):
    label: str
    reason: str
    steps: tuple[Step, ...]
    totals: Totals
    gaps: tuple[str, ...]


class AlsoConsider(NamedTuple):
    program: Program
    reason: str
    """Why it is not a step."""
    check: str
    """What to check before counting on it."""


class LadderNote(NamedTuple):
    """A recognised credential ladder that applies to the request."""

    id: str
    meaning: str
    source: str
    steps_in_pathway: int
    steps: int


class Pathway(NamedTuple):
    role: str
    family: str
    goals: tuple[str, ...]
    constraints: Constraints
    foundation: Foundation
    steps: tuple[Step, ...]
    totals: Totals
    gaps: tuple[str, ...]
    """Competency ids still below the level the goals need."""
    degree_options: tuple[DegreeOption, ...]
    alternatives: tuple[Alternative, ...]
    also_consider: tuple[AlsoConsider, ...]
    notes: tuple[str, ...]
    ladders: tuple[LadderNote, ...] = ()
