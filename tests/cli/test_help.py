"""Every command is there, has --help with an example, and the version is right."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from conftest import Invoke

from hcai_path import __version__
from hcai_path.cli import app, iter_commands


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, sub in getattr(command, "commands", {}).items():
        out.extend(_commands(sub, (*path, name)))
    return out


ALL_COMMANDS = _commands(typer.main.get_command(app))


def test_all_contract_commands_exist() -> None:
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert names >= {
        "", "list", "show", "compare", "recommend", "roles", "goals", "types", "topics",
        "degrees", "catalog", "catalog validate", "catalog stats", "catalog check-links",
        "profile", "profile set", "profile show", "profile clear",
    }  # fmt: skip
    assert list(iter_commands()) == list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_every_command_help_has_an_example(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke([*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "\x1b" not in result.stdout
    assert invoke([*command, "-h"]).stdout == result.stdout


def test_version(invoke: Invoke) -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"hcai-path {__version__}\n"


def test_no_arguments_shows_help(invoke: Invoke) -> None:
    result = invoke([])
    assert result.exit_code == 2 and "Usage" in result.stdout + result.stderr
