"""The README and the CLI agree: quick start, test command, commands and their help.

(The README's personas name programs: their test is in tests/cli/test_recommend_cmd.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hcai_path.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    ["list"],
    ["show"],
    ["compare"],
    ["recommend"],
    ["roles"],
    ["goals"],
    ["types"],
    ["topics"],
    ["degrees"],
    ["catalog", "validate"],
    ["catalog", "stats"],
    ["catalog", "check-links"],
    ["profile", "set"],
    ["profile", "show"],
    ["profile", "clear"],
]


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands_install_and_run_then_test() -> None:
    """In a fresh virtual environment (the system Python of most Linux distributions refuses
    a bare `pip install`): install and recommend, then install the tests and run them."""
    first, second = quick_start()
    venv = "python3 -m venv .venv && "
    assert first == venv + ".venv/bin/pip install . && .venv/bin/hcai-path recommend --role nurse"
    assert second == venv + ".venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"


def test_ci_runs_the_readme_test_command() -> None:
    """CI installs the test extras in a fresh venv and runs the README's test command there."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = quick_start()[1].split("&&")[-1].strip().removeprefix(".venv/bin/")
    installs = re.search(r"pip install --quiet '\.\[([a-z,]+)\]'", ci)
    assert installs and "test" in installs.group(1).split(","), "CI installs the test extras"
    assert "python3 -m venv" in ci
    assert test_command == "python -m pytest"
    assert test_command in ci.splitlines()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"hcai-path {' '.join(command)}" in README


def test_readme_options_exist_in_help() -> None:
    """Every `--option` the README shows for a command is one its --help lists."""
    runner = CliRunner()
    helps = {
        name: runner.invoke(app, [*name.split(), "--help"]).stdout
        for name in [" ".join(c) for c in COMMANDS]
    }
    helps["global"] = runner.invoke(app, ["--help"]).stdout
    for line in README.splitlines():
        match = re.search(r"hcai-path ((?:catalog |profile )?[a-z]+)((?: [^|#]*)?)", line)
        if not match or match.group(1) not in helps:
            continue
        for option in re.findall(r"(--[a-z][a-z-]*)", match.group(2)):
            assert option in helps[match.group(1)] or option in helps["global"], (line, option)


def test_every_registered_command_is_listed_here() -> None:
    from typer.main import get_command

    group = get_command(app)
    names = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.update(f"{name} {sub}" for sub in subcommands)
        else:
            names.add(name)
    assert names == {" ".join(c) for c in COMMANDS}


def test_docs_catalog_md_is_the_catalog_as_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/catalog.md is `hcai-path list --format markdown` as of the date it states.

    Regenerate it with: hcai-path list --format markdown > docs/catalog.md
    """
    import datetime as dt

    from conftest import set_cli_today

    committed = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    as_of = re.search(r"stale as of (\d{4}-\d{2}-\d{2})", committed)
    assert as_of, "docs/catalog.md must say the date its stale marks are computed for"
    set_cli_today(monkeypatch, dt.date.fromisoformat(as_of.group(1)))
    result = CliRunner().invoke(app, ["list", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout == committed, "regenerate docs/catalog.md (see this test's docstring)"
