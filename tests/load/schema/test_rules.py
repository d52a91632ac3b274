"""load/schema/rules.py: the shipped rule set has no problem; a broken one names the entry
(`table[id]`), the field and the line of the entry."""

from __future__ import annotations

import tomllib

import pytest
from data_cases import RULES_TEXT

from hcai_path.errors import Problem
from hcai_path.load.schema.rules import check_rules


def problems_of(text: str) -> list[Problem]:
    return check_rules(tomllib.loads(text), path="rules.toml", text=text)


def replaced(old: str, new: str) -> str:
    assert RULES_TEXT.count(old) == 1, old
    return RULES_TEXT.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the `[[table]]` header just above `needle`."""
    header = text.rfind("\n[[", 0, text.index(needle)) + 1
    return text.count("\n", 0, header) + 1


def test_shipped_rules_pass() -> None:
    assert problems_of(RULES_TEXT) == []


def test_unknown_competency_in_goal_needs() -> None:
    """A goal needing an unknown competency names the goal, the `needs` field and its line."""
    text = replaced(
        "needs = { regulation = 2, evidence-evaluation = 2",
        "needs = { regulashun = 2, evidence-evaluation = 2",
    )
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("goals[regulatory]", "needs")
    assert "'regulashun' is not a known competencies id" in problem.message
    assert "did you mean 'regulation'" in problem.message
    assert problem.line == line_of(text, "regulashun")


def test_bad_level_in_goal_needs() -> None:
    """A level outside 1..3 is a schema problem naming the goal and the competency."""
    text = replaced("needs = { nlp = 2,", "needs = { nlp = 4,")
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("goals[clinical-nlp]", "needs.nlp")
    assert problem.line == line_of(text, "nlp = 4")
    assert problem.message == "must be at most 3; got 4; check the unit and the digits"


def test_bad_level_in_baseline() -> None:
    text = replaced("baseline = { data-science = 1 }", 'baseline = { data-science = "high" }')
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("roles[student]", "baseline.data-science")


def test_duplicate_goal_id() -> None:
    text = replaced(
        'id = "informatics"\naliases = ["clinical-informatics"',
        'id = "research"\naliases = ["clinical-informatics"',
    )
    problems = [p for p in problems_of(text) if p.field == "id"]
    assert [(p.entry, p.message) for p in problems] == [
        ("goals[research]", "duplicate id 'research'")
    ]


def test_unknown_family_of_a_role() -> None:
    text = replaced(
        'family = "clinician"\naliases = ["rn"', 'family = "clinicians"\naliases = ["rn"'
    )
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("roles[nurse]", "family")
    assert "did you mean 'clinician'" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "entry", "field"),
    [
        (
            'default_goals = ["research", "data-science"]',
            'default_goals = ["research", "dat-science"]',
            "roles[researcher]",
            "default_goals",
        ),
        (
            'advanced_degrees = ["doctorate"]',
            'advanced_degrees = ["phd"]',
            "goals[research]",
            "advanced_degrees",
        ),
        (
            "provides = { informatics = 3, workflow = 2, data-science = 1 }",
            "provides = { informatix = 3, workflow = 2, data-science = 1 }",
            "degrees[informatics-masters]",
            "provides",
        ),
        (
            'meaning = "people who build models and analyse data"\nbaseline',
            'meaning = "people who build models and analyse data"\nbaseline = {}\nbaselin',
            "families[data-scientist]",
            "baselin",
        ),
        (
            'made_for = ["nurse"]',
            'made_for = ["nurses"]',
            "ladders[nurse-informatics]",
            "steps.0.made_for",
        ),
    ],
)
def test_cross_references(old: str, new: str, entry: str, field: str) -> None:
    """Unknown goals, degrees and competencies (and unknown keys) name the entry and field."""
    problems = problems_of(replaced(old, new))
    assert [(p.entry, p.field) for p in problems] == [(entry, field)]


def test_missing_default_goals() -> None:
    text = replaced('default_goals = ["leadership", "governance"]\n', "")
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("roles[health-leader]", "default_goals")
    assert problem.message.startswith("is required but missing")


def test_every_recognition_has_an_entry() -> None:
    """Each recognition of the catalog's vocabulary has a `[[recognitions]]` entry."""
    start = RULES_TEXT.index("[[recognitions]]")
    end = RULES_TEXT.index("\n[[recognitions]]", start + 1)
    block = RULES_TEXT[start:end]
    ident = block.split('id = "', 1)[1].split('"', 1)[0]
    problems = problems_of(RULES_TEXT.replace(block + "\n", "", 1))
    assert [(p.entry, p.message) for p in problems] == [
        ("recognitions", f"no [[recognitions]] entry for {ident!r}")
    ]


def test_pathway_limits_are_checked() -> None:
    """max_degrees may not exceed max_steps; max_steps stays small."""
    (problem,) = problems_of(replaced("max_degrees = 1", "max_degrees = 5"))
    assert (problem.entry, problem.field) == ("pathway", "max_degrees")
    (problem,) = problems_of(replaced("max_steps = 3", "max_steps = 40"))
    assert problem.field == "pathway.max_steps"
