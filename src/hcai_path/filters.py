"""Filtering and sorting the catalog for `list` (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from typing import NamedTuple

from hcai_path.models import Program
from hcai_path.rules import Rules


class ProgramFilter(NamedTuple):
    """What `list` keeps: OR within a set, AND across fields; empty sets keep everything."""

    types: Set[str] = frozenset()
    credentials: Set[str] = frozenset()
    topics: Set[str] = frozenset()
    roles: Set[str] = frozenset()
    deliveries: Set[str] = frozenset()
    country: str | None = None
    """Online programs, and those taught in this country."""
    provider: str | None = None
    search: str | None = None
    max_cost: float | None = None
    max_months: float | None = None
    include_stale: bool = True


def role_matches(program_roles: Sequence[str], wanted: Set[str], rules: Rules) -> bool:
    """A program for a family serves its roles; a family asked for matches its roles' programs."""
    expanded = set(wanted)
    for ident in wanted:
        role = rules.roles.get(ident)
        if role is not None:
            expanded.add(role.family)
        else:
            expanded.update(r.id for r in rules.roles.values() if r.family == ident)
    return not expanded.isdisjoint(program_roles)


def filter_programs(
    programs: Sequence[Program], *, wanted: ProgramFilter, rules: Rules, today: dt.date
) -> list[Program]:
    provider = wanted.provider.casefold() if wanted.provider else None
    search = wanted.search.casefold() if wanted.search else None
    out = []
    for p in programs:
        if wanted.types and p.type not in wanted.types:
            continue
        if wanted.credentials and p.credential not in wanted.credentials:
            continue
        if wanted.deliveries and p.delivery not in wanted.deliveries:
            continue
        if wanted.country is not None and p.delivery != "online" and p.country != wanted.country:
            continue
        if wanted.topics and wanted.topics.isdisjoint(p.topics):
            continue
        if wanted.roles and not role_matches(p.roles, wanted.roles, rules):
            continue
        if provider is not None and provider not in p.provider.casefold():
            continue
        if search is not None and search not in _haystack(p):
            continue
        if wanted.max_cost is not None and (p.cost_usd is None or p.cost_usd > wanted.max_cost):
            continue
        if wanted.max_months is not None and (
            p.duration_months is None or p.duration_months > wanted.max_months
        ):
            continue
        if not wanted.include_stale and p.is_stale(today):
            continue
        out.append(p)
    return out


def _haystack(p: Program) -> str:
    return " ".join((p.id, p.name, p.provider, " ".join(p.topics), p.prerequisites)).casefold()


_NUMERIC_SORT_FIELDS = {"cost": "cost_usd", "months": "duration_months"}


def sort_programs(programs: Sequence[Program], *, key: str) -> list[Program]:
    """Sorted by `key`; unknown costs and durations last; ties by name then id."""
    field = _NUMERIC_SORT_FIELDS.get(key)
    if field is not None:

        def known_first(p: Program) -> tuple[bool, float, str, str]:
            # `x or default` would turn a real 0 into the default; test for None instead.
            value = getattr(p, field)
            return (value is None, 0 if value is None else value, p.name.casefold(), p.id)

        return sorted(programs, key=known_first)
    if key == "verified":
        return sorted(programs, key=lambda p: (-p.verified.toordinal(), p.name.casefold(), p.id))
    return sorted(programs, key=lambda p: (p.name.casefold(), p.id))
