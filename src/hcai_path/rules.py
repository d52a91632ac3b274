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


class Family(NamedTuple):
    id: str
    meaning: str


class Role(NamedTuple):
    id: str
    family: str
    aliases: tuple[str, ...]
    meaning: str
    assumed_degree: str


class Goal(NamedTuple):
    id: str
    aliases: tuple[str, ...]
    meaning: str


class Rules(NamedTuple):
    """A validated rule set; every dict keeps the file's order."""

    path: str
    competencies: dict[str, Competency]
    topics: dict[str, Topic]
    degrees: dict[str, Degree]
    families: dict[str, Family]
    roles: dict[str, Role]
    goals: dict[str, Goal]

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
            d["id"]: Degree(d["id"], d["name"], tuple(d.get("aliases", ())), tuple(d["implies"]))
            for d in raw.get("degrees", [])
        },
        families={f["id"]: Family(f["id"], f["meaning"]) for f in raw.get("families", [])},
        roles={
            r["id"]: Role(
                r["id"], r["family"], tuple(r.get("aliases", ())), r["meaning"], r["assumed_degree"]
            )
            for r in raw.get("roles", [])
        },
        goals={
            g["id"]: Goal(g["id"], tuple(g.get("aliases", ())), g["meaning"])
            for g in raw.get("goals", [])
        },
    )
