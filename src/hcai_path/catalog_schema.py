"""Validation of a catalog file: pydantic for the schema, then the catalog-wide rules."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hcai_path.errors import Problem
from hcai_path.models import ACADEMIC_CREDENTIALS, DEGREE_CREDENTIALS
from hcai_path.rules import Rules
from hcai_path.tomlfile import entry_label, problems_from_validation, table_lines

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?$")

Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
# Bounds catch typos (months for weeks, cents for dollars), not real programs.
Months = Annotated[float, Field(ge=0, le=180)]
Dollars = Annotated[float, Field(ge=0, le=2_000_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EligibilityIn(_Strict):
    roles: list[Ident] = []
    degrees: list[Ident] = []
    min_years: Annotated[int, Field(ge=0, le=60)] = 0
    note: Annotated[str, Field(max_length=5000)] = ""


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
    duration_note: Annotated[str, Field(max_length=5000)] = ""
    cost_usd: Dollars | None = None
    cost_note: Annotated[str, Field(max_length=5000)] = ""
    topics: list[Ident] = Field(min_length=1)
    roles: list[Ident] = Field(min_length=1)
    prerequisites: Text
    eligibility: EligibilityIn | None = None
    awards: list[Ident] = []
    counts_toward: list[Ident] = []
    prepares_for: list[Ident] = []
    url: Text
    source: Text
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
    """Every problem of a parsed catalog: schema first, then the catalog-wide rules."""
    lines = {"programs": table_lines(text, "programs")}
    try:
        CatalogIn.model_validate(raw)
    except ValidationError as e:
        return problems_from_validation(e.errors(), path=path, raw=raw, lines=lines)

    programs: list[Mapping[str, Any]] = raw.get("programs", [])
    problems: list[Problem] = []

    def add(index: int, field: str, message: str) -> None:
        line = lines["programs"][index] if index < len(lines["programs"]) else None
        label = entry_label(programs[index], index)
        problems.append(Problem(path, message, line=line, entry=label, field=field))

    topics = set(rules.topics)
    roles = rules.role_vocabulary()
    degrees = set(rules.degrees)
    ids = [p["id"] for p in programs]
    known_ids = set(ids)
    seen_ids: set[str] = set()
    seen_names: dict[tuple[str, str], str] = {}
    for i, p in enumerate(programs):
        if p["id"] in seen_ids:
            add(i, "id", f"duplicate id {p['id']!r}; ids must be unique")
        seen_ids.add(p["id"])
        key = (p["name"].casefold().strip(), p["provider"].casefold().strip())
        if key in seen_names and seen_names[key] != p["id"]:
            add(i, "name", f"same name and provider as {seen_names[key]!r}")
        seen_names.setdefault(key, p["id"])
        for field in ("url", "source"):
            if not _HTTPS_URL.match(p[field]):
                add(i, field, f"must be an https:// URL; got {_short(p[field])}")
        if p["verified"] > today:
            add(i, "verified", f"{p['verified'].isoformat()} is in the future")
        _check_vocab(add, i, "topics", p["topics"], topics, "topic")
        _check_vocab(add, i, "roles", p["roles"], roles, "role")
        _check_vocab(add, i, "awards", p.get("awards", []), degrees, "degree")
        elig = p.get("eligibility")
        if elig is not None:
            _check_vocab(add, i, "eligibility.roles", elig.get("roles", []), roles, "role")
            _check_vocab(add, i, "eligibility.degrees", elig.get("degrees", []), degrees, "degree")
        for field in ("counts_toward", "prepares_for"):
            for ref in p.get(field, []):
                if ref == p["id"]:
                    add(i, field, "a program cannot refer to itself")
                elif ref not in known_ids:
                    add(i, field, f"{ref!r} is not a program id in this catalog")
        credential = p["credential"]
        if p["type"] == "academic" and credential not in ACADEMIC_CREDENTIALS:
            add(i, "type", f"'academic' is only for academic credentials; {credential!r} is not one")
        if credential in DEGREE_CREDENTIALS and p["type"] != "academic":
            add(i, "type", f"a {credential} degree must have type 'academic'")
        if p.get("awards") and credential not in DEGREE_CREDENTIALS:
            add(i, "awards", "only doctorate and masters programs award degrees")
        if "cost_usd" not in p and not p.get("cost_note", "").strip():
            add(i, "cost_note", "say why the cost is unknown when cost_usd is absent")
    return problems


def _check_vocab(
    add: Any, index: int, field: str, values: list[str], allowed: set[str] | frozenset[str], what: str
) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            add(index, field, f"{value!r} is listed twice")
        seen.add(value)
        if value not in allowed:
            close = difflib.get_close_matches(value, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            add(index, field, f"{value!r} is not a known {what}{hint}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
