"""Fuzzing through the whole command line: broken catalogs, rule sets and profiles end with
exit 0, 1 or 3 (2 only for usage), never a traceback nor an internal error; hostile strings
that load are never printed raw. See tests/fuzzing.py for the profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FORBIDDEN, set_cli_today
from fuzzing import (
    CATALOG_BYTES,
    FUZZ_CLI,
    RULE_TABLES,
    RULES_BYTES,
    TODAY,
    field_mutated,
    mutated,
    profiles,
    put,
    structured_catalogs,
)
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hcai_path.cli import app


@pytest.fixture(autouse=True)
def env(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's isolated folders and settings, on a day later than any `verified` date."""
    set_cli_today(monkeypatch, TODAY)
    return isolated


def runs_cli(args: list[str], allowed: tuple[int, ...] = (0, 1, 3)) -> None:
    result = CliRunner().invoke(app, args)
    assert "Traceback" not in result.stderr, result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-2000:])
    assert "internal error" not in result.stderr, result.stderr
    assert FORBIDDEN.search(result.stderr) is None, result.stderr[-2000:]


@FUZZ_CLI
@given(mutated(CATALOG_BYTES) | structured_catalogs())
def test_cli_with_broken_catalogs(data: bytes) -> None:
    path = put("cli-catalog.toml", data)
    runs_cli(["--catalog", path, "list", "--format", "json"])
    runs_cli(["--catalog", path, "catalog", "validate", path])
    runs_cli(["--catalog", path, "recommend", "--role", "nurse", "--format", "json"])


@FUZZ_CLI
@given(field_mutated(CATALOG_BYTES, ("programs",)), st.sampled_from(["table", "tsv", "markdown"]))
def test_cli_with_catalogs_one_field_off(data: bytes, fmt: str) -> None:
    path = put("cli-catalog-fields.toml", data)
    runs_cli(["--catalog", path, "list", "--format", fmt])
    runs_cli(["--catalog", path, "recommend", "--role", "pharmacist", "--budget", "30000",
              "--format", fmt])  # fmt: skip


@FUZZ_CLI
@given(field_mutated(RULES_BYTES, RULE_TABLES) | mutated(RULES_BYTES))
def test_cli_with_broken_rules(data: bytes) -> None:
    path = put("cli-rules.toml", data)
    runs_cli(["--rules", path, "roles", "--format", "tsv"])
    # A role the changed rules no longer define is a usage error (2).
    runs_cli(["--rules", path, "recommend", "--role", "nurse", "--format", "json"], (0, 1, 2, 3))
    runs_cli(["--rules", path, "recommend", "--role", "data-scientist", "--goal", "imaging",
              "--budget", "5000", "--format", "tsv"], (0, 1, 2, 3))  # fmt: skip


@FUZZ_CLI
@given(data=profiles())
def test_cli_with_broken_profiles(data: bytes, env: Path) -> None:
    profile = env / "config" / "profile.toml"
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_bytes(data)
    runs_cli(["profile", "show", "--format", "json"])
    # A saved role or goal the rules do not know is a data error naming the profile (3).
    runs_cli(["recommend", "--format", "json"], (0, 1, 2, 3))
