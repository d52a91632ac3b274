"""`recommend`: the pathways the shipped catalog gives, program by program.

Every test here names the programs a pathway holds, so a change of the engine or of the data
changes them: update them together (and the README's personas, which one test checks). Tests
of recommend's formats, exit codes and hostile data, which hold whatever the pathway, are in
tests/cli/test_recommend_formats.py.
"""

from __future__ import annotations

import re

from conftest import REPO
from typer.testing import CliRunner

from hcai_path.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_personas_are_real_runs() -> None:
    """Each persona block in the README is what the command prints today (cut emulated)."""
    section = README.split("## Three personas, from real runs", 1)[1].split("```text\n", 1)[1]
    block = section.split("```", 1)[0]
    runs = re.findall(
        r"^\$ hcai-path (.+?) \| cut -f([\d,]+)\n(.*?)(?=\n\n|\Z)", block, re.S | re.M
    )
    assert len(runs) == 3
    for command, fields, expected in runs:
        result = CliRunner().invoke(app, command.split())
        assert result.exit_code == 0, (command, result.stderr)
        keep = [int(f) - 1 for f in fields.split(",")]
        got = "\n".join(
            "\t".join(line.split("\t")[i] for i in keep) for line in result.stdout.splitlines()
        )
        assert got == expected.strip("\n"), command


def test_markdown_step_shows_the_fee_counted_for_you() -> None:
    """Without --country the higher of home and international fees is counted: the step
    shows that figure, as the totals do, not the home fee."""
    args = ["recommend", "--role", "student", "--goal", "informatics"]
    result = CliRunner().invoke(app, [*args, "--format", "markdown"])
    step = next(line for line in result.stdout.splitlines() if "UTHealth Houston" in line)
    assert "$33,852" in step and "$10,140" not in step
