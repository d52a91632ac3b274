"""The rule set: the shipped file validates, broken ones name entry, field and line."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hcai_path.errors import Problem
from hcai_path.rules import PathwayLimits, build_rules
from hcai_path.rules_schema import check_rules

RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "rules.toml"
RULES_TEXT = RULES_PATH.read_text(encoding="utf-8")


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
    """The shipped rule set has no problem at all."""
    assert problems_of(RULES_TEXT) == []


def test_shipped_rules_digest_is_the_shipped_file() -> None:
    """The shipped rules skip validation on a first run only while they are the validated bytes."""
    import hashlib

    from hcai_path import catalog

    digest = hashlib.blake2b(RULES_PATH.read_bytes(), digest_size=20).hexdigest()
    assert not problems_of(RULES_TEXT)
    assert catalog.SHIPPED_RULES_DIGEST == digest, (
        f"data/rules.toml changed: once it validates, set SHIPPED_RULES_DIGEST = {digest!r}"
    )


def test_only_the_shipped_rules_skip_validation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import hcai_path.rules_schema
    from hcai_path import catalog

    checked: list[str] = []

    def spy(raw: dict[str, object], *, path: str, text: str) -> list[Problem]:
        checked.append(path)
        return check_rules(raw, path=path, text=text)

    monkeypatch.setattr(hcai_path.rules_schema, "check_rules", spy)
    monkeypatch.setattr(catalog, "shipped_data_path", lambda name: str(RULES_PATH))
    catalog.load_rules()  # the validated bytes, an empty cache: not validated again
    assert checked == []
    catalog.load_rules(use_cache=False)  # `catalog validate`: always validated
    assert checked == [str(RULES_PATH)]
    edited = tmp_path / "rules.toml"
    edited.write_bytes(RULES_PATH.read_bytes() + b"# one more line\n")
    catalog.load_rules(str(edited))
    assert checked[-1] == str(edited)


def test_shipped_rules_build_the_new_tables() -> None:
    """Baselines, default goals, needs, provides, credential levels and limits are built."""
    rules = build_rules(tomllib.loads(RULES_TEXT), path=str(RULES_PATH))
    assert rules.pathway == PathwayLimits(max_steps=4, max_degrees=1)
    assert rules.credential_levels == {
        "doctorate": 3,
        "masters": 3,
        "graduate-certificate": 2,
        "specialization": 2,
        "certificate": 2,
        "certification": 2,
        "course": 1,
    }
    nurse = rules.roles["nurse"]
    assert nurse.baseline == {"clinical-encounter": 2, "workflow": 2, "practice-improvement": 1}
    assert nurse.default_goals == ("foundations", "governance")
    assert rules.roles["software-engineer"].baseline["ml-engineering"] == 2
    assert "ml-engineering" not in nurse.baseline
    assert rules.degrees["informatics-masters"].provides["informatics"] == 3
    assert rules.goals["research"].advanced_degrees == ("doctorate",)
    assert rules.goals["clinical-nlp"].needs["nlp"] == 2
    assert rules.goals["research"].needs["research"] == 3
    assert rules.families["clinician"].default_goals == ("foundations", "governance")


def test_every_role_and_family_has_default_goals_with_needs() -> None:
    """`recommend --role R` alone always has goals, and every goal needs something."""
    rules = build_rules(tomllib.loads(RULES_TEXT), path="rules.toml")
    for holder in [*rules.roles.values(), *rules.families.values()]:
        assert holder.default_goals, holder.id
    for goal in rules.goals.values():
        assert goal.needs and all(1 <= v <= 3 for v in goal.needs.values()), goal.id


def test_unknown_competency_in_goal_needs() -> None:
    """A goal needing an unknown competency names the goal and the `needs` field."""
    text = replaced(
        "needs = { regulation = 2, evidence-evaluation = 2",
        "needs = { regulashun = 2, evidence-evaluation = 2",
    )
    (problem,) = problems_of(text)
    assert problem.entry == "goals[regulatory]"
    assert problem.field == "needs"
    assert "'regulashun' is not a known competencies id" in problem.message
    assert "did you mean 'regulation'" in problem.message
    assert problem.line == line_of(text, "regulashun")


def test_bad_level_in_goal_needs() -> None:
    """A level outside 1..3 is a schema problem naming the goal and the competency."""
    text = replaced("needs = { nlp = 2,", "needs = { nlp = 4,")
    (problem,) = problems_of(text)
    assert problem.entry == "goals[clinical-nlp]"
    assert problem.field == "needs.nlp"
    assert problem.line == line_of(text, "nlp = 4")


def test_bad_level_in_baseline() -> None:
    """A baseline level must be 0..3 and an integer."""
    text = replaced("baseline = { data-science = 1 }", 'baseline = { data-science = "high" }')
    (problem,) = problems_of(text)
    assert problem.entry == "roles[student]"
    assert problem.field == "baseline.data-science"


def test_duplicate_goal_id() -> None:
    """Two goals with one id: the second is named, on its own line."""
    text = replaced(
        'id = "informatics"\naliases = ["clinical-informatics"',
        'id = "research"\naliases = ["clinical-informatics"',
    )
    problems = [p for p in problems_of(text) if p.field == "id"]
    assert [(p.entry, p.message) for p in problems] == [
        ("goals[research]", "duplicate id 'research'")
    ]


def test_unknown_family_of_a_role() -> None:
    """A role in an unknown family names the role and the `family` field."""
    text = replaced(
        'family = "clinician"\naliases = ["rn"', 'family = "clinicians"\naliases = ["rn"'
    )
    (problem,) = problems_of(text)
    assert problem.entry == "roles[nurse]"
    assert problem.field == "family"
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
            "provides = { informatics = 3,",
            "provides = { informatix = 3,",
            "degrees[informatics-masters]",
            "provides",
        ),
        (
            "baseline = { leadership = 2,",
            "baseline = { leadershi = 2,",
            "roles[health-leader]",
            "baseline",
        ),
        (
            'meaning = "people who build models and analyse data"\nbaseline',
            'meaning = "people who build models and analyse data"\nbaseline = {}\nbaselin',
            "families[data-scientist]",
            "baselin",
        ),
    ],
)
def test_cross_references(old: str, new: str, entry: str, field: str) -> None:
    """Unknown goals, degrees and competencies (and unknown keys) name the entry and field."""
    problems = problems_of(replaced(old, new))
    assert [(p.entry, p.field) for p in problems] == [(entry, field)]


def test_missing_default_goals() -> None:
    """A role without default goals is reported: `recommend --role` needs them."""
    text = replaced('default_goals = ["leadership", "governance"]\n', "")
    (problem,) = problems_of(text)
    assert (problem.entry, problem.field) == ("roles[health-leader]", "default_goals")
    assert problem.message.startswith("is required but missing")


def test_credential_levels_must_cover_every_credential() -> None:
    """A missing or unknown credential in `[credential_levels]` is named, at the header."""
    text = replaced("course = 1\n", "curse = 1\n")
    problems = problems_of(text)
    header = text[: text.index("\n[credential_levels]")].count("\n") + 2
    assert [(p.entry, p.field, p.line) for p in problems] == [
        ("credential_levels", "curse", header),
        ("credential_levels", "course", header),
    ]
    assert "did you mean 'course'" in problems[0].message


def test_pathway_limits_are_checked() -> None:
    """max_degrees may not exceed max_steps; max_steps stays small."""
    (problem,) = problems_of(replaced("max_degrees = 1", "max_degrees = 5"))
    assert (problem.entry, problem.field) == ("pathway", "max_degrees")
    (problem,) = problems_of(replaced("max_steps = 4", "max_steps = 40"))
    assert problem.field == "pathway.max_steps"


def test_hot_path_does_not_import_pydantic() -> None:
    """Building rules and recommending never import pydantic (only validation does)."""
    code = (
        "import sys, tomllib\n"
        "from hcai_path.rules import build_rules\n"
        "import hcai_path.recommend\n"
        f"build_rules(tomllib.loads(open({str(RULES_PATH)!r}).read()), path='x')\n"
        "print('pydantic' in sys.modules)\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    assert out.stdout.strip() == "False"
