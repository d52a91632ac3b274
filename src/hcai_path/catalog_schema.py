"""Validation of a catalog file: pydantic for the schema, then the catalog-wide rules."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hcai_path.errors import Problem
from hcai_path.limits import (
    DOLLARS_MAX,
    HTTPS_URL_PATTERN,
    ID_MAX,
    ID_PATTERN,
    MIN_YEARS_MAX,
    MONTHS_MAX,
    TEXT_MAX,
    URL_MAX,
)
from hcai_path.models import ACADEMIC_CREDENTIALS, DEGREE_CREDENTIALS
from hcai_path.rules import Rules
from hcai_path.tomlfile import Locator, entry_label, problems_from_validation, short, table_lines

_HTTPS_URL = re.compile(HTTPS_URL_PATTERN)

Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
Note = Annotated[str, Field(max_length=TEXT_MAX)]
Url = Annotated[str, Field(min_length=1, max_length=URL_MAX)]
Months = Annotated[float, Field(ge=0, le=MONTHS_MAX, allow_inf_nan=False)]
Dollars = Annotated[float, Field(ge=0, le=DOLLARS_MAX, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EligibilityIn(_Strict):
    roles: list[Ident] = []
    degrees: list[Ident] = []
    min_years: Annotated[int, Field(ge=0, le=MIN_YEARS_MAX)] = 0
    note: Note = ""


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
    duration_months: Months | None = None
    duration_note: Note = ""
    cost_usd: Dollars | None = None
    cost_note: Note = ""
    topics: list[Ident] = Field(min_length=1)
    roles: list[Ident] = Field(min_length=1)
    prerequisites: Text
    eligibility: EligibilityIn | None = None
    awards: list[Ident] = []
    counts_toward: list[Ident] = []
    prepares_for: list[Ident] = []
    url: Url
    source: Url
    verified: dt.date

    @field_validator("verified", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date (YYYY-MM-DD), not a date-time")
        return value


class CatalogIn(_Strict):
    programs: list[ProgramIn] = []


def check_catalog(
    raw: Mapping[str, Any], *, path: str, text: str, rules: Rules, today: dt.date
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
            if len(loc) >= 3 and loc[0] == "programs" and isinstance(loc[1], int):
                # A list item's error (topics.2) leaves the other items to the vocabulary
                # checks; a subtable's (eligibility.roles.0) sets its whole list aside.
                if len(loc) == 3 or isinstance(loc[3], int):
                    schema_bad.add((loc[1], str(loc[2])) if len(loc) == 3 else (-1, ""))
                else:
                    schema_bad.add((loc[1], f"{loc[2]}.{loc[3]}"))
            elif len(loc) == 2 and loc[0] == "programs" and isinstance(loc[1], int):
                schema_bad.add((loc[1], "*"))
    programs = raw.get("programs", [])
    if not isinstance(programs, list):
        return problems
    where = Locator(text, lines, raw)

    def add(index: int, field: str, message: str) -> None:
        line, column = where.field("programs", index, field)
        label = entry_label(programs[index], index)
        problems.append(Problem(path, message, line=line, column=column, entry=label, field=field))

    topics = set(rules.topics)
    roles = rules.role_vocabulary()
    degrees = set(rules.degrees)
    known_ids = {
        p["id"] for p in programs if isinstance(p, Mapping) and isinstance(p.get("id"), str)
    }
    seen_ids: set[str] = set()
    seen_names: dict[tuple[str, str], str] = {}
    for i, p in enumerate(programs):
        if not isinstance(p, Mapping) or (i, "*") in schema_bad:
            continue
        good = _Fields(p, i, schema_bad)
        ident = good("id", str)
        if ident is not None:
            if ident in seen_ids:
                add(i, "id", f"duplicate id {short(ident)}; ids must be unique, rename one")
            seen_ids.add(ident)
        name, provider = good("name", str), good("provider", str)
        if name is not None and provider is not None:
            key = (name.casefold().strip(), provider.casefold().strip())
            if key in seen_names and seen_names[key] != ident:
                add(
                    i,
                    "name",
                    f"same name and provider as {short(seen_names[key])}; "
                    "merge the two entries or tell them apart in the name",
                )
            seen_names.setdefault(key, ident or f"#{i + 1}")
        for field in ("url", "source"):
            url = good(field, str)
            if url is not None and not _HTTPS_URL.fullmatch(url):
                add(
                    i,
                    field,
                    f"must be an https:// URL of plain characters (spaces, quotes, "
                    f"<, > and control characters percent-encoded); got {short(url)}",
                )
        verified = good("verified", dt.date)
        if verified is not None and not isinstance(verified, dt.datetime) and verified > today:
            add(
                i,
                "verified",
                f"{verified.isoformat()} is in the future; use the date the source was read",
            )
        _check_vocab(add, i, "topics", _strings(good("topics", list)), topics, "topic")
        _check_vocab(add, i, "roles", _strings(good("roles", list)), roles, "role")
        _check_vocab(add, i, "awards", _strings(good("awards", list)), degrees, "degree")
        elig = good("eligibility", Mapping)
        if elig is not None:
            for sub, allowed, what in (("roles", roles, "role"), ("degrees", degrees, "degree")):
                values = elig.get(sub, [])
                if isinstance(values, list) and (i, f"eligibility.{sub}") not in schema_bad:
                    _check_vocab(add, i, f"eligibility.{sub}", _strings(values), allowed, what)
        for field in ("counts_toward", "prepares_for"):
            for ref in _strings(good(field, list)):
                if ref == ident:
                    add(i, field, "a program cannot refer to itself; remove its own id")
                elif ref not in known_ids:
                    add(i, field, f"{short(ref)} is not a program id in this catalog")
        credential, kind = good("credential", str), good("type", str)
        if credential is not None and kind is not None:
            if kind == "academic" and credential not in ACADEMIC_CREDENTIALS:
                add(
                    i,
                    "type",
                    f"'academic' is only for academic credentials; "
                    f"{short(credential)} is not one, so use 'professional' or 'executive'",
                )
            if credential in DEGREE_CREDENTIALS and kind != "academic":
                add(i, "type", f"a {credential} degree must have type 'academic'")
            if _strings(good("awards", list)) and credential not in DEGREE_CREDENTIALS:
                add(i, "awards", "only doctorate and masters programs award degrees; remove it")
        if "cost_usd" not in p and (i, "cost_note") not in schema_bad:
            note = p.get("cost_note", "")
            if not (isinstance(note, str) and note.strip()):
                add(
                    i,
                    "cost_note",
                    "say why the cost is unknown when cost_usd is absent "
                    '(cost_note = "tuition not published")',
                )
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


_ID = re.compile(ID_PATTERN)


def _strings(values: list[Any] | None) -> list[str]:
    """The well-formed ids of a list (malformed ones already have a schema problem)."""
    return [v for v in values or () if isinstance(v, str) and len(v) <= ID_MAX and _ID.fullmatch(v)]


def _check_vocab(
    add: Any,
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
            if what == "degree":
                hint = f"; did you mean {close[0]!r}?" if close else "; see 'hcai-path degrees'"
            add(index, field, f"{short(value)} is not a known {what}{hint}")
