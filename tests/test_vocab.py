"""vocab.py: what the user typed resolves to an id, whatever its case, spaces or underscores."""

from __future__ import annotations

import pytest

from hcai_path.errors import UsageError
from hcai_path.rules import Rules
from hcai_path.vocab import MAX_CHOICES_SHOWN, normalize, resolve, suggestion


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Health Leader", "health-leader"),
        ("health_leader", "health-leader"),
        ("  HEALTH-leader ", "health-leader"),
        ("in  person", "in-person"),
        ("In_Person", "in-person"),
        ("a--b", "a-b"),
    ],
)
def test_normalize(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_resolve_ids_and_aliases(rules: Rules) -> None:
    choices = {r.id: r.aliases for r in rules.roles.values()}
    assert resolve("RN", choices, what="role") == "nurse"
    assert resolve("Nurse", choices, what="role") == "nurse"
    assert resolve("software engineer", choices, what="role") == "software-engineer"


def test_resolve_unknown_suggests() -> None:
    choices = {"academic": (), "professional": (), "executive": ()}
    with pytest.raises(UsageError) as caught:
        resolve("acadmic", choices, what="type")
    assert str(caught.value) == "unknown type 'acadmic'; did you mean 'academic'?"
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError) as caught:
        resolve("qqqqqq", choices, what="type")
    assert str(caught.value) == (
        "unknown type 'qqqqqq'; choose from: academic, executive, professional"
    )


def test_resolve_alias_suggests_its_id(rules: Rules) -> None:
    """A near-miss of an alias suggests the id it stands for."""
    choices = {r.id: r.aliases for r in rules.roles.values()}
    with pytest.raises(UsageError, match="did you mean 'software-engineer'"):
        resolve("develper", choices, what="role")


def test_a_long_list_of_choices_is_cut() -> None:
    names = {f"name-{i:02d}": f"name-{i:02d}" for i in range(MAX_CHOICES_SHOWN + 5)}
    said = suggestion("zzzzzzzz", names)
    assert said.endswith(f", name-{MAX_CHOICES_SHOWN - 1:02d} and 5 more")
    assert said.count(",") == MAX_CHOICES_SHOWN - 1
