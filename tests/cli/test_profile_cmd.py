"""`profile set`, `show`, `clear`, and a saved profile feeding `recommend` (cli/pathway.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import Invoke, subprocess_env
from typer.testing import Result


def profile_file(home: Path) -> Path:
    path = home / "config" / "profile.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def check_error(result: Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def test_set_show_clear(invoke: Invoke, isolated: Path) -> None:
    path = profile_file(isolated)
    result = invoke(["profile", "set", "--role", "RN", "--goal", "governance", "--budget", "5,000"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"saved {path}\n" and result.stdout == ""
    assert tomllib.loads(path.read_text()) == {
        "role": "nurse", "goals": ["governance"], "budget_usd": 5000.0,
    }  # fmt: skip
    invoke(["profile", "set", "--months", "6", "--country", "gb"])  # merged into the saved one
    shown = json.loads(invoke(["profile", "show", "--format", "json"]).stdout)
    assert shown == {
        "role": "nurse", "goals": ["governance"], "budget_usd": 5000.0, "months": 6.0,
        "country": "GB",
    }  # fmt: skip
    tsv = invoke(["profile", "show", "-f", "tsv"]).stdout
    assert tsv.splitlines()[:3] == ["key\tvalue", "role\tnurse", "goals\tgovernance"]
    cleared = invoke(["profile", "clear"])
    assert cleared.exit_code == 0 and cleared.stderr == f"removed {path}\n"
    assert not path.exists()
    assert invoke(["profile", "clear"]).stderr == f"no saved profile ({path})\n"


def test_show_without_a_profile_is_an_empty_answer(invoke: Invoke) -> None:
    result = invoke(["profile", "show", "--format", "json"])
    assert result.exit_code == 1 and result.stdout == "{}\n"
    assert "no saved profile" in result.stderr and "profile set" in result.stderr
    check_error(invoke(["profile", "show"]), 1, "no saved profile")


def test_set_refuses_unknown_words(invoke: Invoke, isolated: Path) -> None:
    check_error(invoke(["profile", "set", "--role", "wizard"]), 2, "unknown role 'wizard'")
    check_error(invoke(["profile", "set", "--have", "no-such-thing"]), 2, "program id or degree")
    assert not (isolated / "config" / "profile.toml").exists()


@pytest.mark.parametrize(
    "content",
    [b"role = \n", b"\xff\xfe\x00", b"role = 5\n", b"colour = 'red'\n", b"months = -1\n"],
)
def test_corrupted_profile(content: bytes, isolated: Path, invoke: Invoke) -> None:
    path = profile_file(isolated)
    path.write_bytes(content)
    for args in (["profile", "show"], ["recommend", "--role", "nurse"]):
        check_error(invoke(args), 3, str(path))


@pytest.mark.parametrize("content", [b"role = 'nurse'\nbudget_usd = nan\n", b"months = inf\n"])
def test_profile_with_non_finite_numbers(content: bytes, isolated: Path, invoke: Invoke) -> None:
    path = profile_file(isolated)
    path.write_bytes(content)
    check_error(
        invoke(["recommend", "--role", "nurse", "--format", "json"]), 3, str(path), "finite"
    )


def test_profile_naming_an_unknown_role(isolated: Path, invoke: Invoke) -> None:
    path = profile_file(isolated)
    path.write_bytes(b'role = "wizard"\n')
    check_error(invoke(["recommend", "--format", "json"]), 3, str(path), "unknown role 'wizard'")


def test_data_cannot_start_a_fake_stderr_line(isolated: Path, invoke: Invoke) -> None:
    profile_file(isolated).write_bytes(b'role = "nurse"\ngoals = ["x\\nerror: fake"]\n')
    result = invoke(["recommend", "--format", "json"])
    assert result.exit_code in (2, 3)
    assert not any(line.startswith("error: fake") for line in result.stderr.splitlines())


def test_profile_that_is_a_directory(isolated: Path, invoke: Invoke) -> None:
    (isolated / "config" / "profile.toml").mkdir(parents=True)
    check_error(invoke(["profile", "show"]), 3, "profile.toml", "is a directory")


def test_concurrent_profile_saves(isolated: Path) -> None:
    """Several `profile set` processes at once: the profile is always one of them, whole."""
    roles = ["nurse", "physician", "pharmacist", "researcher"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "hcai_path", "profile", "set", "--role", role],
            env=subprocess_env(isolated),
            stderr=subprocess.PIPE,
        )
        for role in roles
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert b"Traceback" not in err
    profile = isolated / "config" / "profile.toml"
    assert tomllib.loads(profile.read_text(encoding="utf-8"))["role"] in roles
    assert sorted(p.name for p in profile.parent.iterdir()) == ["profile.toml"]


def test_setting_nothing_leaves_a_usable_profile(invoke: Invoke, isolated: Path) -> None:
    assert invoke(["profile", "set"]).exit_code == 0
    shown = invoke(["profile", "show", "-f", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == {}
    assert invoke(["recommend", "--role", "nurse", "-q", "-f", "json"]).exit_code in (0, 1)
