"""Validation of the rule set (pydantic at the boundary, then cross-references)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hcai_path.errors import Problem
from hcai_path.limits import ID_PATTERN
from hcai_path.models import Credential
from hcai_path.tomlfile import entry_label, problems_from_validation, table_lines

Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
# Levels: 0 none, 1 aware, 2 apply, 3 lead (see the top of data/rules.toml).
Level = Annotated[int, Field(ge=0, le=3)]
Target = Annotated[int, Field(ge=1, le=3)]
CREDENTIALS = tuple(c.value for c in Credential)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CompetencyIn(_Strict):
    id: Ident
    name: Text
    meaning: Text
    framework: Text


class TopicIn(_Strict):
    id: Ident
    meaning: Text
    competencies: list[Ident] = Field(min_length=1)


class DegreeIn(_Strict):
    id: Ident
    name: Text
    aliases: list[Ident] = []
    implies: list[Ident]
    provides: dict[Ident, Target] = {}


class FamilyIn(_Strict):
    id: Ident
    meaning: Text
    baseline: dict[Ident, Level]
    default_goals: list[Ident] = Field(min_length=1)
    assumed_degree: Ident | None = None


class RoleIn(_Strict):
    id: Ident
    family: Ident
    aliases: list[Ident] = []
    meaning: Text
    assumed_degree: Ident
    baseline: dict[Ident, Level]
    default_goals: list[Ident] = Field(min_length=1)


class GoalIn(_Strict):
    id: Ident
    aliases: list[Ident] = []
    meaning: Text
    needs: dict[Ident, Target] = Field(min_length=1)
    advanced_degrees: list[Ident] = []
    audiences: list[Ident] = []


class PathwayIn(_Strict):
    # A small bound keeps the exact search fast; 8 steps is already a decade of study.
    max_steps: Annotated[int, Field(ge=1, le=8)] = 4
    max_degrees: Annotated[int, Field(ge=0, le=8)] = 1


class RulesIn(_Strict):
    competencies: list[CompetencyIn] = Field(min_length=1)
    topics: list[TopicIn] = Field(min_length=1)
    degrees: list[DegreeIn] = Field(min_length=1)
    families: list[FamilyIn] = Field(min_length=1)
    roles: list[RoleIn] = Field(min_length=1)
    goals: list[GoalIn] = Field(min_length=1)
    credential_levels: dict[Ident, Target] | None = None
    pathway: PathwayIn | None = None


TABLES = ("competencies", "topics", "degrees", "families", "roles", "goals")


def check_rules(raw: Mapping[str, Any], *, path: str, text: str) -> list[Problem]:
    """Every problem of a parsed rules file: schema first, then cross-references."""
    lines = {table: table_lines(text, table) for table in TABLES}
    try:
        RulesIn.model_validate(raw)
    except ValidationError as e:
        return problems_from_validation(e.errors(), path=path, raw=raw, lines=lines)
    problems: list[Problem] = []

    def add(table: str, index: int, field: str, message: str) -> None:
        entry = raw[table][index]
        line = lines[table][index] if index < len(lines[table]) else None
        problems.append(
            Problem(
                path, message, line=line, entry=f"{table}[{entry_label(entry, index)}]", field=field
            )
        )

    ids: dict[str, set[str]] = {}
    for table in TABLES:
        seen: set[str] = set()
        for i, entry in enumerate(raw[table]):
            if entry["id"] in seen:
                add(table, i, "id", f"duplicate id {entry['id']!r}")
            seen.add(entry["id"])
        ids[table] = seen

    def refs(table: str, field: str, target: str) -> None:
        for i, entry in enumerate(raw[table]):
            values = entry.get(field) or []
            for value in [values] if isinstance(values, str) else values:
                if value not in ids[target]:
                    add(
                        table,
                        i,
                        field,
                        f"{value!r} is not a known {target} id{_hint(value, ids[target])}",
                    )

    refs("topics", "competencies", "competencies")
    refs("degrees", "implies", "degrees")
    refs("roles", "family", "families")
    refs("roles", "assumed_degree", "degrees")
    refs("degrees", "provides", "competencies")
    refs("families", "baseline", "competencies")
    refs("families", "default_goals", "goals")
    refs("families", "assumed_degree", "degrees")
    refs("roles", "baseline", "competencies")
    refs("roles", "default_goals", "goals")
    refs("goals", "needs", "competencies")
    refs("goals", "advanced_degrees", "degrees")
    people = ids["roles"] | ids["families"]
    for i, entry in enumerate(raw["goals"]):
        for value in entry.get("audiences", []):
            if value not in people:
                add("goals", i, "audiences", f"{value!r} is not a known role or family id")
    for table, field in (
        ("families", "default_goals"),
        ("roles", "default_goals"),
        ("goals", "advanced_degrees"),
        ("goals", "audiences"),
        ("degrees", "implies"),
    ):
        for i, entry in enumerate(raw[table]):
            listed = entry.get(field, [])
            for value in sorted({v for v in listed if listed.count(v) > 1}):
                add(table, i, field, f"{value!r} is listed twice")
    problems.extend(_check_single_tables(raw, path=path, text=text))
    for table in ("roles", "goals", "degrees"):
        taken: dict[str, str] = {}
        for i, entry in enumerate(raw[table]):
            for alias in entry.get("aliases", []):
                owner = taken.get(alias)
                if (owner is not None and owner != entry["id"]) or (
                    alias in ids[table] and alias != entry["id"]
                ):
                    add(
                        table,
                        i,
                        "aliases",
                        f"alias {alias!r} is already used by {owner or alias!r}",
                    )
                taken.setdefault(alias, entry["id"])
    clash = ids["roles"] & ids["families"]
    for i, entry in enumerate(raw["roles"]):
        if entry["id"] in clash:
            add("roles", i, "id", f"{entry['id']!r} is already a family id")
    return problems


def _check_single_tables(raw: Mapping[str, Any], *, path: str, text: str) -> list[Problem]:
    """Problems of `[credential_levels]` and `[pathway]`, located at their headers."""
    problems: list[Problem] = []
    levels = raw.get("credential_levels")
    if levels is not None:
        line = _header_line(text, "credential_levels")
        for key in levels:
            if key not in CREDENTIALS:
                choices = set(CREDENTIALS)
                problems.append(
                    Problem(
                        path,
                        f"{key!r} is not a credential{_hint(key, choices)}",
                        line=line,
                        entry="credential_levels",
                        field=key,
                    )
                )
        problems.extend(
            Problem(
                path,
                f"the level of {key!r} programs is missing",
                line=line,
                entry="credential_levels",
                field=key,
            )
            for key in CREDENTIALS
            if key not in levels
        )
    limits = raw.get("pathway")
    if limits is not None:
        steps, degrees = limits.get("max_steps", 4), limits.get("max_degrees", 1)
        if degrees > steps:
            problems.append(
                Problem(
                    path,
                    f"max_degrees ({degrees}) is more than max_steps ({steps})",
                    line=_header_line(text, "pathway"),
                    entry="pathway",
                    field="max_degrees",
                )
            )
    return problems


def _header_line(text: str, table: str) -> int | None:
    import re

    match = re.search(r"^[ \t]*\[[ \t]*" + re.escape(table) + r"[ \t]*\]", text, re.MULTILINE)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _hint(value: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
