"""Values as people and cells read them: money, months, lists, and a program's detail rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hcai_path.models import RECORD_KEYS, STALE_WORDS, Program, program_record

# The columns of a program in csv and tsv: every key of its JSON record, in order.
LIST_COLUMNS: tuple[str, ...] = RECORD_KEYS


def cell(value: Any) -> str:
    """A value as plain text for a delimited cell: lists joined with `;`, tables as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(cell(v) for v in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def money(cost: float | None) -> str:
    from hcai_path.costs import money as usd

    return usd(cost, sign=True)


def months(duration: float | None) -> str:
    if duration is None:
        return "unknown"
    return f"{cell(duration)} mo"


def verified_label(p: Program, today: dt.date) -> str:
    return p.verified.isoformat() + (" (stale)" if p.is_stale(today) else "")


def program_row(p: Program, today: dt.date) -> list[Any]:
    record = program_record(p, today)
    return [record[c] for c in LIST_COLUMNS]


# A program for people (`show`, `compare`): the record's keys, with a value and its note shown
# as one row, and `stale` said beside `verified`.
_MERGED = {"duration_months": "duration", "cost_usd": "cost"}
_FOLDED = frozenset({"duration_note", "cost_note", "stale"})
DETAIL_FIELDS: tuple[str, ...] = tuple(
    _MERGED.get(key, key) for key in RECORD_KEYS if key not in _FOLDED
)


def detail_value(record: dict[str, Any], key: str) -> str:
    """One field of a program for people: units, notes and unknowns spelled out."""
    if key == "duration":
        text = months(record["duration_months"])
        return f"{text} ({record['duration_note']})" if record["duration_note"] else text
    if key == "cost":
        text = money(record["cost_usd"])
        return f"{text} ({record['cost_note']})" if record["cost_note"] else text
    if key == "eligibility":
        return eligibility_text(record["eligibility"])
    if key == "verified":
        stale = f" (stale: {STALE_WORDS})" if record["stale"] else ""
        return str(record["verified"]) + stale
    value = record[key]
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return cell(value)


def eligibility_text(e: dict[str, Any] | None) -> str:
    """An eligibility record in words: its routes (any one admits), then its note."""
    if e is None:
        return "open (no stated restriction)"
    routes = [route_text(r) for r in e["routes"]]
    if len(routes) > 1:
        routes = [f"({n}) {text}" for n, text in enumerate(routes, 1)]
        routes = ["any one of: " + " or ".join(routes)]
    parts = [*routes, e["note"]] if e["note"] else routes
    return "; ".join(parts) or "open (no stated restriction)"


def route_text(route: dict[str, Any]) -> str:
    """One way in: its roles, degrees, years and the source's wording."""
    parts = []
    if route["roles"]:
        parts.append("roles: " + ", ".join(route["roles"]))
    if route["degrees"]:
        parts.append("degrees: " + ", ".join(route["degrees"]))
    if route["min_years"]:
        parts.append(f"at least {plural(route['min_years'], 'year')} of experience")
    if route["note"]:
        parts.append(route["note"])
    return "; ".join(parts) or "anyone"


def detail_rows(programs: Sequence[Program], today: dt.date) -> list[list[str]]:
    """One row per detail field, one column per program."""
    records = [program_record(p, today) for p in programs]
    return [[key, *(detail_value(r, key) for r in records)] for key in DETAIL_FIELDS]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
