"""load/rules.py: the rule set is read, validated unless it is the shipped file, and cached."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import REPO
from data_cases import BROKEN_RULES, write

import hcai_path.load.schema.rules
from hcai_path.errors import DataFileError, Problem, UsageError
from hcai_path.load import rules as loader
from hcai_path.load.schema.rules import check_rules

RULES_PATH = REPO / "data" / "rules.toml"


def test_shipped_rules_digest_is_the_shipped_file() -> None:
    """The shipped rules skip validation on a first run only while they are the validated bytes."""
    import tomllib

    digest = hashlib.blake2b(RULES_PATH.read_bytes(), digest_size=20).hexdigest()
    text = RULES_PATH.read_text(encoding="utf-8")
    assert check_rules(tomllib.loads(text), path=str(RULES_PATH), text=text) == []
    assert loader.plain_digest(RULES_PATH.read_bytes()) == digest
    assert loader.SHIPPED_RULES_DIGEST == digest, (
        f"data/rules.toml changed: once it validates, set SHIPPED_RULES_DIGEST = {digest!r}"
    )


def test_only_the_shipped_rules_skip_validation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    checked: list[str] = []

    def spy(raw: dict[str, object], *, path: str, text: str) -> list[Problem]:
        checked.append(path)
        return check_rules(raw, path=path, text=text)

    monkeypatch.setattr(hcai_path.load.schema.rules, "check_rules", spy)
    monkeypatch.setattr(
        loader, "SHIPPED_RULES_DIGEST", loader.plain_digest(RULES_PATH.read_bytes())
    )
    monkeypatch.setattr(loader, "shipped_data_path", lambda name: str(RULES_PATH))
    first = loader.load_rules()  # the validated bytes, an empty cache: not validated again
    assert checked == []
    assert loader.load_rules(use_cache=False) == first  # `catalog validate`: always validated
    assert checked == [str(RULES_PATH)]
    edited = tmp_path / "rules.toml"
    edited.write_bytes(RULES_PATH.read_bytes() + b"# one more line\n")
    assert loader.load_rules(str(edited)).goals == first.goals
    assert checked[-1] == str(edited)


def test_cached_rules_equal_fresh_ones(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(RULES_PATH.read_bytes() + b"\n# a copy\n")
    fresh = loader.load_rules(str(path))
    cached = loader.load_rules(str(path))
    assert cached._replace(path="") == fresh._replace(path="")
    path.write_bytes(path.read_bytes().replace(b'family = "', b'family = "nope-', 1))
    with pytest.raises(DataFileError):  # an edited file is never served from the cache
        loader.load_rules(str(path))


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rules_raise_data_file_error(case: str, tmp_path: Path) -> None:
    content, needles = BROKEN_RULES[case]
    path = write(tmp_path, content, "rules.toml")
    with pytest.raises(DataFileError) as caught:
        loader.load_rules(str(path))
    said = "\n".join(map(str, caught.value.problems))
    assert all(p.path == str(path) for p in caught.value.problems)
    for needle in needles:
        assert needle in said, (needle, said)


def test_missing_rules_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such rules file; check the path given with --rules"):
        loader.load_rules(str(tmp_path / "nope.toml"))
