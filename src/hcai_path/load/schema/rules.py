"""The rule-set schema: pydantic at the boundary, then cross-references, every problem located."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hcai_path.errors import Problem
from hcai_path.limits import HTTPS_URL_PATTERN, ID_MAX, ID_PATTERN, TEXT_MAX, URL_MAX
from hcai_path.load.problems import entry_label, problems_from_validation, table_lines
from hcai_path.models import CREDENTIALS, RECOGNITIONS

Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
# Levels: 0 none, 1 aware, 2 apply, 3 lead (see the top of data/rules.toml).
Level = Annotated[int, Field(ge=0, le=3)]
Target = Annotated[int, Field(ge=1, le=3)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CompetencyIn(_Strict):
    id: Ident
    name: Text
    meaning: Text
    framework: Text


class TopicIn(_Strict):
    id: Ident
    aliases: list[Ident] = []
    meaning: Text
    competencies: list[Ident] = Field(min_length=1)


class DegreeIn(_Strict):
    id: Ident
    name: Text
    aliases: list[Ident] = []
    implies: list[Ident]
    provides: dict[Ident, Target] = {}
    kind: Literal["degree", "qualification"] = "degree"


class FamilyIn(_Strict):
    id: Ident
    aliases: list[Ident] = []
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
    degree_first: bool = False


class GoalIn(_Strict):
    id: Ident
    aliases: list[Ident] = []
    meaning: Text
    needs: dict[Ident, Target] = Field(min_length=1)
    advanced_degrees: list[Ident] = []
    audiences: list[Ident] = []
    degree_step: bool = False
    core: Ident | None = None
    no_ladder: Text | None = None


class RecognitionIn(_Strict):
    id: Ident
    rank: Annotated[int, Field(ge=1, le=10)]
    level: Level
    kind: Literal["degree", "fellowship", "certification", "certificate", "course"]
    credentials: list[Ident] = []


class FitIn(_Strict):
    recognition: Annotated[int, Field(ge=0, le=1000)]
    audience: Annotated[int, Field(ge=0, le=1000)]
    active: Annotated[int, Field(ge=0, le=1000)]
    stale: Annotated[int, Field(ge=0, le=1000)]
    relocate: Annotated[int, Field(ge=0, le=1000)]
    level: Annotated[int, Field(ge=0, le=1000)] = 0
    depth: Annotated[int, Field(ge=0, le=1000)] = 0
    short_course_months: Annotated[float, Field(ge=0, le=24)] = 1.0


class LadderStepIn(_Strict):
    label: Text
    programs: list[Ident] = []
    awards: list[Ident] = []
    made_for: list[Ident] = []


class LadderIn(_Strict):
    id: Ident
    roles: list[Ident] = Field(min_length=1)
    goals: list[Ident] = Field(min_length=1)
    meaning: Text
    source: Annotated[str, Field(pattern=HTTPS_URL_PATTERN, max_length=URL_MAX)]
    steps: list[LadderStepIn] = Field(min_length=1)


class PathwayIn(_Strict):
    # A small bound keeps the exact search fast; 8 steps is already a decade of study.
    max_steps: Annotated[int, Field(ge=1, le=8)] = 4
    max_degrees: Annotated[int, Field(ge=0, le=8)] = 1
    min_step_levels: Annotated[int, Field(ge=1, le=9)] = 1


class RulesIn(_Strict):
    competencies: list[CompetencyIn] = Field(min_length=1)
    topics: list[TopicIn] = Field(min_length=1)
    degrees: list[DegreeIn] = Field(min_length=1)
    families: list[FamilyIn] = Field(min_length=1)
    roles: list[RoleIn] = Field(min_length=1)
    goals: list[GoalIn] = Field(min_length=1)
    recognitions: list[RecognitionIn] = Field(min_length=1)
    fit: FitIn
    ladders: list[LadderIn] = []
    pathway: PathwayIn | None = None


TABLES = (
    "competencies",
    "topics",
    "degrees",
    "families",
    "roles",
    "goals",
    "recognitions",
    "ladders",
)


def check_rules(raw: Mapping[str, Any], *, path: str, text: str) -> list[Problem]:
    """Every problem of a parsed rules file: schema first, then cross-references."""
    lines = {table: table_lines(text, table) for table in TABLES}
    try:
        RulesIn.model_validate(raw)
    except ValidationError as e:
        return problems_from_validation(e.errors(), path=path, raw=raw, lines=lines)
    check = _CrossReferences(raw, path=path, text=text, lines=lines)
    check.ids_and_references()
    check.lists_and_aliases()
    check.recognitions()
    check.ladders()
    check.pathway()
    return check.problems


# (table, field, the table its values name)
_REFERENCES = (
    ("topics", "competencies", "competencies"),
    ("degrees", "implies", "degrees"),
    ("roles", "family", "families"),
    ("roles", "assumed_degree", "degrees"),
    ("degrees", "provides", "competencies"),
    ("families", "baseline", "competencies"),
    ("families", "default_goals", "goals"),
    ("families", "assumed_degree", "degrees"),
    ("roles", "baseline", "competencies"),
    ("roles", "default_goals", "goals"),
    ("goals", "needs", "competencies"),
    ("goals", "core", "competencies"),
    ("goals", "advanced_degrees", "degrees"),
    ("ladders", "goals", "goals"),
)
_NO_REPEATS = (
    ("families", "default_goals"),
    ("roles", "default_goals"),
    ("goals", "advanced_degrees"),
    ("goals", "audiences"),
    ("degrees", "implies"),
    ("ladders", "roles"),
    ("ladders", "goals"),
)


class _CrossReferences:
    """The rules that look across tables, each problem located at its entry."""

    def __init__(
        self, raw: Mapping[str, Any], *, path: str, text: str, lines: dict[str, list[int]]
    ) -> None:
        self.raw, self.path, self.text, self.lines = raw, path, text, lines
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}

    def add(self, table: str, index: int, field: str, message: str) -> None:
        entry = self.raw[table][index]
        found = self.lines[table]
        line = found[index] if index < len(found) else None
        label = f"{table}[{entry_label(entry, index)}]"
        self.problems.append(Problem(self.path, message, line=line, entry=label, field=field))

    def ids_and_references(self) -> None:
        for table in TABLES:
            seen: set[str] = set()
            for i, entry in enumerate(self.raw.get(table, [])):
                if entry["id"] in seen:
                    self.add(table, i, "id", f"duplicate id {entry['id']!r}")
                seen.add(entry["id"])
            self.ids[table] = seen
        for table, field, target in _REFERENCES:
            for i, entry in enumerate(self.raw.get(table, [])):
                values = entry.get(field) or []
                for value in [values] if isinstance(values, str) else values:
                    if value not in self.ids[target]:
                        hint = _hint(value, self.ids[target])
                        self.add(table, i, field, f"{value!r} is not a known {target} id{hint}")
        for table, field in (("goals", "audiences"), ("ladders", "roles")):
            for i, entry in enumerate(self.raw.get(table, [])):
                self.people(table, i, field, entry.get(field, []))
        clash = self.ids["roles"] & self.ids["families"]
        for i, entry in enumerate(self.raw["roles"]):
            if entry["id"] in clash:
                self.add("roles", i, "id", f"{entry['id']!r} is already a family id")

    def lists_and_aliases(self) -> None:
        for table, field in _NO_REPEATS:
            for i, entry in enumerate(self.raw.get(table, [])):
                listed = entry.get(field, [])
                for value in sorted({v for v in listed if listed.count(v) > 1}):
                    self.add(table, i, field, f"{value!r} is listed twice")
        # Roles and families share one namespace (--role takes either).
        for tables in (("roles", "families"), ("goals",), ("degrees",), ("topics",)):
            taken: dict[str, str] = {}
            ids = set().union(*(self.ids[table] for table in tables))
            for table in tables:
                for i, entry in enumerate(self.raw[table]):
                    for alias in entry.get("aliases", []):
                        owner = taken.get(alias)
                        if (owner is not None and owner != entry["id"]) or (
                            alias in ids and alias != entry["id"]
                        ):
                            message = f"alias {alias!r} is already used by {owner or alias!r}"
                            self.add(table, i, "aliases", message)
                        taken.setdefault(alias, entry["id"])

    def recognitions(self) -> None:
        """Every recognition of the catalog's vocabulary, each credential mapped once."""
        known = set(RECOGNITIONS)
        mapped: dict[str, str] = {}
        for i, entry in enumerate(self.raw["recognitions"]):
            if entry["id"] not in known:
                hint = _hint(entry["id"], known)
                self.add("recognitions", i, "id", f"{entry['id']!r} is not a recognition{hint}")
            for credential in entry.get("credentials", []):
                if credential not in CREDENTIALS:
                    hint = _hint(credential, set(CREDENTIALS))
                    self.add(
                        "recognitions",
                        i,
                        "credentials",
                        f"{credential!r} is not a credential{hint}",
                    )
                elif credential in mapped:
                    self.add(
                        "recognitions",
                        i,
                        "credentials",
                        f"{credential!r} already means {mapped[credential]!r}",
                    )
                mapped.setdefault(credential, entry["id"])
        missing = sorted(known - self.ids["recognitions"])
        if missing:
            self.problems.append(
                Problem(
                    self.path,
                    f"no [[recognitions]] entry for {', '.join(map(repr, missing))}",
                    entry="recognitions",
                )
            )

    def ladders(self) -> None:
        degrees = self.ids["degrees"]
        for i, entry in enumerate(self.raw.get("ladders", [])):
            for n, step in enumerate(entry["steps"]):
                if not step.get("programs") and not step.get("awards"):
                    self.add(
                        "ladders",
                        i,
                        f"steps.{n}",
                        "a step names the programs that fill it: programs or awards",
                    )
                for value in step.get("awards", []):
                    if value not in degrees:
                        hint = _hint(value, degrees)
                        self.add(
                            "ladders", i, f"steps.{n}.awards", f"{value!r} is not a degree{hint}"
                        )
                self.people("ladders", i, f"steps.{n}.made_for", step.get("made_for", []))

    def people(self, table: str, i: int, field: str, values: list[str]) -> None:
        """Each value names a role or a family."""
        people = self.ids["roles"] | self.ids["families"]
        for value in values:
            if value not in people:
                self.add(table, i, field, f"{value!r} is not a known role or family id")

    def pathway(self) -> None:
        limits = self.raw.get("pathway")
        if limits is None:
            return
        steps, degrees = limits.get("max_steps", 4), limits.get("max_degrees", 1)
        if degrees > steps:
            self.problems.append(
                Problem(
                    self.path,
                    f"max_degrees ({degrees}) is more than max_steps ({steps})",
                    line=_header_line(self.text, "pathway"),
                    entry="pathway",
                    field="max_degrees",
                )
            )


def _header_line(text: str, table: str) -> int | None:
    import re

    match = re.search(r"^[ \t]*\[[ \t]*" + re.escape(table) + r"[ \t]*\]", text, re.MULTILINE)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _hint(value: str, choices: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
