"""What the user typed, resolved: command-line options and the saved profile -> a Request for
`recommend`, a ProgramFilter for `list`. Every vocabulary word becomes its id, or a UsageError
with a suggestion."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from hcai_path.errors import DataFileError, Problem, UsageError
from hcai_path.models import CREDENTIALS, DELIVERIES, PROGRAM_TYPES, Request
from hcai_path.profile import Profile
from hcai_path.vocab import normalize, resolve

if TYPE_CHECKING:
    from hcai_path.filters import ProgramFilter
    from hcai_path.models import Catalog
    from hcai_path.rules import Rules

TYPES = tuple(PROGRAM_TYPES)
SORTS = ("name", "cost", "months", "verified")


def role_choices(rules: Rules) -> dict[str, Sequence[str]]:
    """Role and family ids, each with its aliases."""
    return {
        **{r.id: r.aliases for r in rules.roles.values()},
        **{f.id: f.aliases for f in rules.families.values()},
    }


def profile_from_options(
    *,
    role: str | None,
    goals: Sequence[str],
    budget_usd: float | None,
    months: float | None,
    delivery: str | None,
    have: Sequence[str],
    years: int | None,
    country: str | None = None,
    rules: Rules,
    catalog: Catalog | None,
) -> Profile:
    """Options as a Profile, every vocabulary value resolved to its id."""
    for flag, number in (("--budget", budget_usd), ("--months", months)):
        if number is not None and not math.isfinite(number):
            raise UsageError(f"{flag} must be a finite number")
    role_id = None if role is None else resolve(role, role_choices(rules), what="role")
    goal_choices = {g.id: g.aliases for g in rules.goals.values()}
    goal_ids = tuple(dict.fromkeys(resolve(g, goal_choices, what="goal") for g in goals))
    delivery_id = (
        resolve(delivery, dict.fromkeys(DELIVERIES, ()), what="delivery") if delivery else None
    )
    held = tuple(dict.fromkeys(_resolve_have(h, rules, catalog) for h in have))
    country_id = None if country is None else resolve_country(country)
    return Profile(
        country=country_id,
        role=role_id,
        goals=goal_ids,
        budget_usd=budget_usd,
        months=months,
        delivery=delivery_id,
        have=held,
        years=years,
    )


def recheck_saved(saved: Profile, *, rules: Rules, catalog: Catalog | None, path: str) -> Profile:
    """A saved profile may name what the data no longer has: that is a data error in the file."""
    try:
        return profile_from_options(**saved._asdict(), rules=rules, catalog=catalog)
    except UsageError as e:
        fix = "fix it with 'hcai-path profile set' or 'hcai-path profile clear'"
        raise DataFileError([Problem(path, f"{e}; {fix}")]) from None


def _resolve_have(value: str, rules: Rules, catalog: Catalog | None) -> str:
    wanted = normalize(value)
    if catalog is not None and wanted in catalog.by_id():
        return wanted
    choices: dict[str, Sequence[str]] = {d.id: d.aliases for d in rules.degrees.values()}
    if catalog is not None:
        choices.update({p.id: () for p in catalog.programs})
    return resolve(value, choices, what="program id or degree")


def build_request(wanted: Profile, *, catalog: Catalog, include_stale: bool) -> Request:
    """The engine's request from a resolved profile (given options over saved ones)."""
    if wanted.role is None:
        raise UsageError("--role is required (or save one with 'hcai-path profile set --role R')")
    by_id = catalog.by_id()
    return Request(
        role=wanted.role,
        goals=wanted.goals,
        budget_usd=wanted.budget_usd,
        months=wanted.months,
        delivery=wanted.delivery,
        country=wanted.country,
        have_programs=tuple(h for h in wanted.have if h in by_id),
        have_degrees=tuple(h for h in wanted.have if h not in by_id),
        years=wanted.years,
        exclude_stale=not include_stale,
        have=wanted.have,
    )


def _resolve_all(
    values: Sequence[str], choices: Mapping[str, Sequence[str]], what: str
) -> set[str]:
    return {resolve(v, choices, what=what) for v in values}


def build_filter(
    *,
    types: Sequence[str],
    credentials: Sequence[str],
    topics: Sequence[str],
    roles: Sequence[str],
    deliveries: Sequence[str],
    country: str | None = None,
    provider: str | None,
    search: str | None,
    max_cost: float | None,
    max_months: float | None,
    include_stale: bool,
    rules: Rules,
) -> ProgramFilter | None:
    """The filter `list` applies, or None when the options keep every program."""
    from hcai_path.filters import ProgramFilter

    wanted = ProgramFilter(
        types=_resolve_all(types, dict.fromkeys(TYPES, ()), "type"),
        credentials=_resolve_all(credentials, dict.fromkeys(CREDENTIALS, ()), "credential"),
        topics=_resolve_all(topics, {t.id: t.aliases for t in rules.topics.values()}, "topic"),
        roles=_resolve_all(roles, role_choices(rules), "role"),
        deliveries=_resolve_all(deliveries, dict.fromkeys(DELIVERIES, ()), "delivery"),
        country=None if country is None else resolve_country(country),
        provider=provider,
        search=search,
        max_cost=max_cost,
        max_months=max_months,
        include_stale=include_stale,
    )
    return None if wanted == ProgramFilter() else wanted


def resolve_sort(sort: str | None) -> str | None:
    return None if sort is None else resolve(sort, dict.fromkeys(SORTS, ()), what="sort key")


def resolve_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code, an alpha-3 code or a name people use."""
    from hcai_path import iso

    names: dict[str, str] = {}
    for code, (name, others) in iso.COUNTRIES.items():
        names[normalize(code)] = code
        for alias in (name, *others):
            names.setdefault(normalize(alias), code)
    for alias, code in iso.COUNTRY_ALIASES.items():
        names.setdefault(normalize(alias), code)
    wanted = normalize(value)
    if wanted in names:
        return names[wanted]
    import difflib

    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    if close:
        code = names[close[0]]
        hint = f"; did you mean {code!r} ({iso.COUNTRIES[code][0]})?"
    else:
        hint = "; give an ISO 3166-1 alpha-2 code like US, GB or DE, or a name"
    raise UsageError(f"unknown country {value!r}{hint}")


def parse_number(flag: str, value: str | None, *, unit: str, whole: bool = False) -> float | None:
    """A number the user typed for `flag`: 0 or more, finite; commas and a leading $ allowed."""
    if value is None:
        return None
    text = value.strip().replace(",", "").removeprefix("$").strip()
    example = "3" if whole else "5000"
    try:
        number = int(text) if whole else float(text)
    except ValueError:
        raise UsageError(
            f"{flag} takes {'a whole number' if whole else 'a number'} of {unit}, "
            f"like {example}; got {value!r}"
        ) from None
    if not math.isfinite(number) or number < 0:
        raise UsageError(f"{flag} takes 0 or more {unit}; got {value!r}")
    return number
