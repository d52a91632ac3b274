"""Every example in every --help runs (exit 0), and no help text shows a Python type."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hcai_path import links
from hcai_path.cli import app

COMMANDS = [
    (),
    ("list",),
    ("show",),
    ("compare",),
    ("recommend",),
    ("roles",),
    ("goals",),
    ("types",),
    ("topics",),
    ("degrees",),
    ("catalog",),
    ("catalog", "validate"),
    ("catalog", "stats"),
    ("catalog", "check-links"),
    ("profile",),
    ("profile", "set"),
    ("profile", "show"),
    ("profile", "clear"),
]


def help_text(command: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


def examples(command: tuple[str, ...]) -> list[str]:
    return re.findall(r"^\s+hcai-path (.+)$", help_text(command), re.M)


def split_example(line: str) -> tuple[list[str], str]:
    """The hcai-path arguments of an example line, and what follows them (a pipe or a file)."""
    line = line.split("  #", 1)[0].split(" #", 1)[0].strip()
    words = shlex.split(line, posix=True)
    args: list[str] = []
    rest = ""
    for i, word in enumerate(words):
        if word in ("|", ">"):
            rest = " ".join(words[i:])
            break
        args.append(word)
    return args, rest


def offline_check(links_: object, **_: object) -> list[links.LinkRecord]:
    """check-links without the network: every link answers 200."""
    assert isinstance(links_, list)
    return [links.LinkRecord(i, f, link, "ok", 200, None, "200 OK") for i, f, link in links_]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "hcai-path")
def test_every_help_example_runs(
    command: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example of this help, in order (a profile saved by one is used by the next), in
    a folder of its own; JSON piped to jq is JSON."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(links, "run_check", offline_check)
    runner = CliRunner()
    for line in examples(command):
        args, rest = split_example(line)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.stderr)
        if "jq" in rest:
            json.loads(result.stdout)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "hcai-path")
def test_no_help_shows_a_python_type(command: tuple[str, ...]) -> None:
    text = help_text(command)
    for leak in ("<str>", "<int>", "<float>", "<bool>", "list[", "[x>=", "{ID}", "NoneType"):
        assert leak not in text, (command, leak)
    assert not re.search(r"<[a-z_\[\], ]+>", text), command
