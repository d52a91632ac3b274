"""Shell completion completes program ids, roles, goals and types from the data, and never
fails (it runs on every Tab): cli/io.py `complete_*`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_HCAI_PATH_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "hcai_path"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("hcai-path show hms-aim", ["hms-aim-phd"]),
        ("hcai-path compare amia-ahic ancc", ["ancc-informatics-nursing"]),
        ("hcai-path recommend --role nu", ["nurse"]),
        ("hcai-path recommend --goal clinical", ["clinical-nlp"]),
        ("hcai-path list --type ac", ["academic"]),
        ("hcai-path list --topic imag", ["imaging"]),
        ("hcai-path recommend --have medical", ["medical-degree"]),
        ("hcai-path list --format js", ["json", "jsonl"]),
    ],
)
def test_completion_from_the_data(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def test_completion_with_a_broken_catalog_is_quiet(tmp_path: object) -> None:
    """Completion runs on every Tab: a broken catalog gives no candidates, never an error."""
    import pathlib

    bad = pathlib.Path(str(tmp_path)) / "bad.toml"
    bad.write_text("[[programs]\n", encoding="utf-8")
    os.environ["HCAI_PATH_CATALOG"] = str(bad)
    try:
        assert complete("hcai-path show hms") == []
    finally:
        del os.environ["HCAI_PATH_CATALOG"]


def test_completion_uses_the_catalog_named_on_the_command_line(tmp_path: object) -> None:
    import pathlib

    from hcai_path.load import shipped_data_path

    text = pathlib.Path(shipped_data_path("programs.toml")).read_text(encoding="utf-8")
    mine = pathlib.Path(str(tmp_path)) / "mine.toml"
    mine.write_text(text.replace('id = "hms-aim-phd"', 'id = "zz-only-here"'), encoding="utf-8")
    assert complete(f"hcai-path --catalog {mine} show zz") == ["zz-only-here"]
