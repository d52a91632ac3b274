"""profile.py: the saved defaults of `recommend`, read strictly and written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tomli_w
from fuzzing import FUZZ, profiles, put
from hypothesis import given

from hcai_path.errors import DataFileError, Problem
from hcai_path.profile import (
    Profile,
    clear_profile,
    config_dir,
    load_profile,
    profile_from_raw,
    profile_path,
    save_profile,
)


def test_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HCAI_PATH_CONFIG_DIR", str(tmp_path / "mine"))
    assert config_dir() == str(tmp_path / "mine")
    assert profile_path() == str(tmp_path / "mine" / "profile.toml")
    monkeypatch.delenv("HCAI_PATH_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir() == str(tmp_path / "xdg" / "hcai-path")


def test_merged_keeps_what_is_not_overridden() -> None:
    saved = Profile(role="nurse", goals=("governance",), budget_usd=5000, years=3)
    given_ = Profile(goals=("imaging",), months=6)
    assert saved.merged(given_) == Profile(
        role="nurse", goals=("imaging",), budget_usd=5000, months=6, years=3
    )
    assert saved.merged(Profile()) == saved
    assert Profile(years=3).merged(Profile(years=0)).years == 0  # 0 is a value, not "unset"


def test_save_load_round_trip(tmp_path: Path) -> None:
    path = str(tmp_path / "p" / "profile.toml")
    profile = Profile(
        role="nurse", goals=("governance",), budget_usd=5000.5, months=12, have=("bachelors",)
    )
    assert save_profile(profile, path) == path
    assert load_profile(path) == profile
    assert Path(path).read_text(encoding="utf-8") == (
        'role = "nurse"\ngoals = [\n    "governance",\n]\nbudget_usd = 5000.5\nmonths = 12\n'
        'have = [\n    "bachelors",\n]\n'
    )
    assert clear_profile(path) and not os.path.exists(path)
    assert not clear_profile(path)
    assert load_profile(path) is None


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"colour": "red"}, "colour", "unknown key; remove it"),
        ({"role": 5}, "role", "has the wrong type (int)"),
        ({"years": True}, "years", "has the wrong type (bool)"),
        ({"years": 1.5}, "years", "has the wrong type (float)"),
        ({"goals": "governance"}, "goals", "has the wrong type (str)"),
        ({"goals": ["a", 1]}, "goals", "must be a list of strings"),
        ({"budget_usd": float("nan")}, "budget_usd", "must be a finite number"),
        ({"months": float("inf")}, "months", "must be a finite number"),
        ({"months": -1}, "months", "must not be negative"),
    ],
)
def test_every_problem_names_its_key(raw: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        profile_from_raw(raw, path="p.toml")
    [problem] = caught.value.problems
    assert (problem.path, problem.field) == ("p.toml", field)
    assert problem.message.startswith(words)


def test_a_broken_file_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "profile.toml"
    path.write_bytes(b"role = \n")
    with pytest.raises(DataFileError) as caught:
        load_profile(str(path))
    assert caught.value.problems[0].line == 1
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(DataFileError, match="is a directory"):
        load_profile(str(tmp_path / "dir.toml"))


@FUZZ
@given(profiles())
def test_any_profile_file_loads_or_names_its_problems(data: bytes) -> None:
    """Whatever the bytes: a Profile whose values have the right types, or a DataFileError."""
    path = put("profile.toml", data)
    try:
        profile = load_profile(path)
    except DataFileError as e:
        assert e.problems and all(isinstance(p, Problem) and p.path == path for p in e.problems)
        return
    assert profile is not None
    for name in ("goals", "have"):
        assert all(isinstance(v, str) for v in getattr(profile, name))
    for name in ("budget_usd", "months", "years"):
        value = getattr(profile, name)
        assert value is None or (not isinstance(value, bool) and value >= 0)
    again = put("profile-again.toml", tomli_w.dumps(profile.to_toml_dict()).encode())
    assert load_profile(again) == profile


def test_an_empty_profile_saves_and_loads(tmp_path: Path) -> None:
    """`profile set` with nothing set writes an empty file: it loads as no defaults."""
    path = str(tmp_path / "profile.toml")
    save_profile(Profile(), path)
    assert Path(path).read_text(encoding="utf-8") == ""
    assert load_profile(path) == Profile()
    Path(path).write_text("\n  \n", encoding="utf-8")
    assert load_profile(path) == Profile()
