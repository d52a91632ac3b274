"""The rule set's types: competencies, topics, degrees, role families, roles and goals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Competency(NamedTuple):
    id: str
    name: str
    meaning: str
    framework: str


class Topic(NamedTuple):
    id: str
    meaning: str
    competencies: tuple[str, ...]


class Degree(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...]
    provides: dict[str, int] = {}
    """Competency -> level (1..3) that holding this degree brings."""


class Family(NamedTuple):
    id: str
    meaning: str
    baseline: dict[str, int] = {}
    """Competency -> level (0..3) that every role of the family brings."""
    default_goals: tuple[str, ...] = ()
    assumed_degree: str = ""
    """The degree assumed when the user names the family; "" for none."""


class Role(NamedTuple):
    id: str
    family: str
    aliases: tuple[str, ...]
    meaning: str
    assumed_degree: str
    baseline: dict[str, int] = {}
    """Competency -> level (0..3) that someone in the role typically brings."""
    default_goals: tuple[str, ...] = ()
    """The goals used when the user names none."""


class Goal(NamedTuple):
    id: str
    aliases: tuple[str, ...]
    meaning: str
    needs: dict[str, int] = {}
    """Competency -> target level (1..3); each missing level weighs one point."""
    advanced_degrees: tuple[str, ...] = ()
    """Degrees that fit the goal in the long term."""
    audiences: tuple[str, ...] = ()
    """Roles or families whose programs suit anyone pursuing this goal."""


class PathwayLimits(NamedTuple):
    max_steps: int = 4
    max_degrees: int = 1


DEFAULT_CREDENTIAL_LEVELS: dict[str, int] = {
    "doctorate": 3,
    "masters": 3,
    "graduate-certificate": 2,
    "specialization": 2,
    "certificate": 2,
    "certification": 2,
    "course": 1,
}


class Rules(NamedTuple):
    """A validated rule set; every dict keeps the file's order."""

    path: str
    competencies: dict[str, Competency]
    topics: dict[str, Topic]
    degrees: dict[str, Degree]
    families: dict[str, Family]
    roles: dict[str, Role]
    goals: dict[str, Goal]
    credential_levels: dict[str, int] = DEFAULT_CREDENTIAL_LEVELS
    """Credential -> the level a program lifts its topics' competencies to."""
    pathway: PathwayLimits = PathwayLimits()

    def role_vocabulary(self) -> frozenset[str]:
        """Ids a program's `roles` may use: the roles and their families."""
        return frozenset(self.roles) | frozenset(self.families)

    def degree_closure(self, held: tuple[str, ...] | list[str] | set[str]) -> frozenset[str]:
        """The degrees held, with every degree they imply."""
        out: set[str] = set()
        stack = list(held)
        while stack:
            degree = stack.pop()
            if degree in out:
                continue
            out.add(degree)
            if degree in self.degrees:
                stack.extend(self.degrees[degree].implies)
        return frozenset(out)


def build_rules(raw: Mapping[str, Any], *, path: str) -> Rules:
    """Build the rule set from data that `rules_schema.check_rules` has accepted."""
    limits = raw.get("pathway", {})
    return Rules(
        path=path,
        competencies={
            c["id"]: Competency(c["id"], c["name"], c["meaning"], c.get("framework", ""))
            for c in raw.get("competencies", [])
        },
        topics={
            t["id"]: Topic(t["id"], t["meaning"], tuple(t["competencies"]))
            for t in raw.get("topics", [])
        },
        degrees={
            d["id"]: Degree(
                d["id"],
                d["name"],
                tuple(d.get("aliases", ())),
                tuple(d["implies"]),
                dict(d.get("provides", {})),
            )
            for d in raw.get("degrees", [])
        },
        families={
            f["id"]: Family(
                f["id"],
                f["meaning"],
                dict(f.get("baseline", {})),
                tuple(f.get("default_goals", ())),
                f.get("assumed_degree", ""),
            )
            for f in raw.get("families", [])
        },
        roles={
            r["id"]: Role(
                r["id"],
                r["family"],
                tuple(r.get("aliases", ())),
                r["meaning"],
                r["assumed_degree"],
                dict(r.get("baseline", {})),
                tuple(r.get("default_goals", ())),
            )
            for r in raw.get("roles", [])
        },
        goals={
            g["id"]: Goal(
                g["id"],
                tuple(g.get("aliases", ())),
                g["meaning"],
                dict(g.get("needs", {})),
                tuple(g.get("advanced_degrees", ())),
                tuple(g.get("audiences", ())),
            )
            for g in raw.get("goals", [])
        },
        credential_levels=dict(raw.get("credential_levels", DEFAULT_CREDENTIAL_LEVELS)),
        pathway=PathwayLimits(
            limits.get("max_steps", PathwayLimits().max_steps),
            limits.get("max_degrees", PathwayLimits().max_degrees),
        ),
    )
