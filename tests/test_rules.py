"""rules.py: the rule set built from its file: roles, families, goals, recognitions, ladders."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from conftest import REPO

from hcai_path.models import CREDENTIALS, RECOGNITIONS
from hcai_path.rules import build_rules

RULES_PATH = REPO / "data" / "rules.toml"
RAW = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
RULES = build_rules(RAW, path=str(RULES_PATH))


def test_every_table_is_built_in_file_order() -> None:
    assert RULES.path == str(RULES_PATH)
    for table in ("competencies", "topics", "degrees", "families", "roles", "goals"):
        assert list(getattr(RULES, table)) == [e["id"] for e in RAW[table]], table
    assert [ladder.id for ladder in RULES.ladders] == [e["id"] for e in RAW.get("ladders", [])]
    assert RULES.pathway.max_steps == RAW["pathway"]["max_steps"]


def test_nurse_and_the_clinician_family() -> None:
    nurse = RULES.roles["nurse"]
    assert nurse.family == "clinician" and "rn" in nurse.aliases
    assert nurse.default_goals and all(g in RULES.goals for g in nurse.default_goals)
    assert RULES.families["clinician"].default_goals
    assert "nurse" in RULES.role_vocabulary() and "clinician" in RULES.role_vocabulary()


def test_every_role_and_family_has_default_goals_with_needs() -> None:
    """`recommend --role R` alone always has goals, and every goal needs something."""
    for holder in [*RULES.roles.values(), *RULES.families.values()]:
        assert holder.default_goals, holder.id
    for goal in RULES.goals.values():
        assert goal.needs and all(1 <= v <= 3 for v in goal.needs.values()), goal.id


def test_degree_closure_follows_implies() -> None:
    held = RULES.degree_closure(["informatics-masters"])
    assert "informatics-masters" in held
    assert set(RULES.degrees["informatics-masters"].implies) <= held
    assert RULES.degree_closure([]) == frozenset()
    assert RULES.degree_closure(["not-a-degree"]) == frozenset({"not-a-degree"})


def test_every_recognition_and_credential_has_a_rule() -> None:
    assert set(RULES.recognitions) == set(RECOGNITIONS)
    for credential in CREDENTIALS:
        rule = RULES.recognition_of("", credential)
        assert rule.id in RULES.recognitions
    assert RULES.recognition_of("degree", "course").id == "degree"  # stated wins
    ranks = [r.rank for r in RULES.recognitions.values()]
    assert all(1 <= rank <= 10 for rank in ranks)


def test_ladders_name_known_roles_goals_and_degrees() -> None:
    people = RULES.role_vocabulary()
    for ladder in RULES.ladders:
        assert set(ladder.roles) <= people and set(ladder.goals) <= set(RULES.goals), ladder.id
        assert ladder.source.startswith("https://") and ladder.steps
        for step in ladder.steps:
            assert step.programs or step.awards
            assert set(step.awards) <= set(RULES.degrees)


def test_building_rules_and_recommending_never_import_pydantic() -> None:
    """Only validation imports pydantic: building the rules and the engine do not."""
    code = (
        "import sys, tomllib\n"
        "from hcai_path.rules import build_rules\n"
        "import hcai_path.recommend\n"
        f"build_rules(tomllib.loads(open({str(RULES_PATH)!r}).read()), path='x')\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": ""},
    )
    assert out.stdout.strip() == "False"
