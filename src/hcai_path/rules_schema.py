"""Validation of the rule set (pydantic at the boundary, then cross-references)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hcai_path.errors import Problem
from hcai_path.tomlfile import entry_label, problems_from_validation, table_lines

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


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


class FamilyIn(_Strict):
    id: Ident
    meaning: Text


class RoleIn(_Strict):
    id: Ident
    family: Ident
    aliases: list[Ident] = []
    meaning: Text
    assumed_degree: Ident


class GoalIn(_Strict):
    id: Ident
    aliases: list[Ident] = []
    meaning: Text


class RulesIn(_Strict):
    competencies: list[CompetencyIn] = Field(min_length=1)
    topics: list[TopicIn] = Field(min_length=1)
    degrees: list[DegreeIn] = Field(min_length=1)
    families: list[FamilyIn] = Field(min_length=1)
    roles: list[RoleIn] = Field(min_length=1)
    goals: list[GoalIn] = Field(min_length=1)


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
            Problem(path, message, line=line, entry=f"{table}[{entry_label(entry, index)}]", field=field)
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
            values = entry.get(field, [])
            for value in [values] if isinstance(values, str) else values:
                if value not in ids[target]:
                    add(table, i, field, f"{value!r} is not a known {target} id{_hint(value, ids[target])}")

    refs("topics", "competencies", "competencies")
    refs("degrees", "implies", "degrees")
    refs("roles", "family", "families")
    refs("roles", "assumed_degree", "degrees")
    for table in ("roles", "goals", "degrees"):
        taken: dict[str, str] = {}
        for i, entry in enumerate(raw[table]):
            for alias in entry.get("aliases", []):
                owner = taken.get(alias)
                if (owner is not None and owner != entry["id"]) or (
                    alias in ids[table] and alias != entry["id"]
                ):
                    add(table, i, "aliases", f"alias {alias!r} is already used by {owner or alias!r}")
                taken.setdefault(alias, entry["id"])
    clash = ids["roles"] & ids["families"]
    for i, entry in enumerate(raw["roles"]):
        if entry["id"] in clash:
            add("roles", i, "id", f"{entry['id']!r} is already a family id")
    return problems


def _hint(value: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


