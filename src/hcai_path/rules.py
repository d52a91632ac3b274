"""The rule set's types: competencies, topics, degrees, role families, roles and goals."""

from __future__ import annotations

from collections.abc import Collection, Mapping
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
    aliases: tuple[str, ...] = ()


class Degree(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...]
    provides: dict[str, int] = {}
    """Competency -> level (1..3) that holding this degree brings."""
    kind: str = "degree"
    """"degree" (awarded by a master's or doctorate) or "qualification" (a completed
    fellowship, graduate coursework: any program may award one)."""


class Family(NamedTuple):
    id: str
    meaning: str
    baseline: dict[str, int] = {}
    """Competency -> level (0..3) that every role of the family brings."""
    default_goals: tuple[str, ...] = ()
    assumed_degree: str = ""
    """The degree assumed when the user names the family; "" for none."""
    aliases: tuple[str, ...] = ()


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
    degree_first: bool = False
    """A degree the goals call for belongs in the pathway even where a certification ladder
    exists (a student's career starts with the degree)."""


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
    degree_step: bool = False
    """Whether a degree the user lacks belongs in the pathway itself (research needs the
    doctorate), rather than among the long-term degree options."""
    core: str = ""
    """The competency the goal is named for (clinical NLP for clinical-nlp): a pathway that
    leaves it open says so, and programs that teach it are named first among those left out."""
    no_ladder: str = ""
    """Why no credential ladder leads into this goal (a credential that exists but certifies
    the job rather than leading into it), for the pathway's notes."""


class RecognitionRule(NamedTuple):
    """What a credential of one recognition is worth (see `[[recognitions]]`)."""

    id: str
    rank: int
    """Higher is better recognised."""
    level: int
    """How far a program lifts its topics' competencies (1 aware, 2 apply, 3 lead)."""
    kind: str
    """What a step of this recognition awards: degree, fellowship, certification, ..."""
    credentials: tuple[str, ...] = ()
    """Credentials that mean this recognition when a program states none."""


class FitWeights(NamedTuple):
    """How an adviser weighs programs after the ladders (see `[fit]`)."""

    recognition: int
    audience: int
    active: int
    stale: int
    relocate: int
    level: int = 0
    """What closing one level of a need is worth, whichever step closes it: covering the gap
    comes before who covers it best."""
    depth: int = 0
    """What closing a level past awareness ("apply", "lead") adds, whichever step closes it:
    being able to do what the goal needs comes before being aware of something more."""
    short_course_months: float = 1.0
    """A course shorter than this brings awareness (level 1) at most, whatever its label."""


class LadderStep(NamedTuple):
    label: str
    programs: tuple[str, ...] = ()
    """Program ids that fill the step."""
    awards: tuple[str, ...] = ()
    """...or any program awarding one of these degrees or qualifications..."""
    made_for: tuple[str, ...] = ()
    """...and, when given, made for one of these roles or families."""

    def filled_by(self, program_id: str, awards: Collection[str], roles: Collection[str]) -> bool:
        """Whether a program (its id, the degrees it awards with all they imply, and whom it
        is made for) fills this step."""
        if program_id in self.programs:
            return True
        if not self.awards or set(self.awards).isdisjoint(awards):
            return False
        return not self.made_for or not set(self.made_for).isdisjoint(roles)


class Ladder(NamedTuple):
    """A recognised credential ladder for some roles and goals."""

    id: str
    roles: tuple[str, ...]
    """Role or family ids."""
    goals: tuple[str, ...]
    meaning: str
    source: str
    steps: tuple[LadderStep, ...]


class PathwayLimits(NamedTuple):
    max_steps: int = 4
    max_degrees: int = 1
    min_step_levels: int = 1
    """In a pathway of several steps, the gap levels each must bring on its own."""


class Rules(NamedTuple):
    """A validated rule set; every dict keeps the file's order."""

    path: str
    competencies: dict[str, Competency]
    topics: dict[str, Topic]
    degrees: dict[str, Degree]
    families: dict[str, Family]
    roles: dict[str, Role]
    goals: dict[str, Goal]
    recognitions: dict[str, RecognitionRule]
    fit: FitWeights
    ladders: tuple[Ladder, ...] = ()
    pathway: PathwayLimits = PathwayLimits()

    def recognition_of(self, recognition: str, credential: str) -> RecognitionRule:
        """The rule of a program's recognition, or of the one its credential means."""
        rule = self.recognitions.get(recognition)
        if rule is not None:
            return rule
        for candidate in self.recognitions.values():
            if credential in candidate.credentials:
                return candidate
        return min(self.recognitions.values(), key=lambda r: r.rank)

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
    """Build the rule set from data that `load.schema.rules.check_rules` has accepted."""

    def table(name: str, cls: type) -> dict[str, Any]:
        return {entry["id"]: _make(cls, entry) for entry in raw.get(name, [])}

    ladders = tuple(
        _make(Ladder, {**entry, "steps": tuple(_make(LadderStep, s) for s in entry["steps"])})
        for entry in raw.get("ladders", [])
    )
    return Rules(
        path=path,
        competencies=table("competencies", Competency),
        topics=table("topics", Topic),
        degrees=table("degrees", Degree),
        families=table("families", Family),
        roles=table("roles", Role),
        goals=table("goals", Goal),
        recognitions=table("recognitions", RecognitionRule),
        fit=_make(FitWeights, raw["fit"]),
        ladders=ladders,
        pathway=_make(PathwayLimits, raw.get("pathway", {})),
    )


def _make(cls: Any, entry: Mapping[str, Any]) -> Any:
    """A rules NamedTuple from its table: lists as tuples, tables as dicts, a missing key at
    its default (text: empty)."""
    values: dict[str, Any] = {}
    for name in cls._fields:
        if name not in entry:
            values[name] = cls._field_defaults.get(name, "")
            continue
        value = entry[name]
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, dict):
            value = dict(value)
        values[name] = value
    return cls(**values)
