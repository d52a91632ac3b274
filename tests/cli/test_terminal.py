"""Tables in a real pseudo-terminal at 80 and 120 columns: no line wider than the terminal,
every id shown whole, and `list` about two lines a program at 80 columns."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import tomllib
import unicodedata
from pathlib import Path

import pytest
from conftest import ANSI, REPO, subprocess_env

IDS = {p["id"] for p in tomllib.loads((REPO / "data" / "programs.toml").read_text())["programs"]}


def in_terminal(args: list[str], columns: int, home: Path) -> str:
    """What `hcai-path ARGS` shows on a terminal `columns` wide (ANSI escapes removed)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = subprocess_env(home)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hcai_path", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return ANSI.sub("", text)


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def shown_ids(text: str) -> set[str]:
    """Words that look like catalog ids or cut ones (a prefix of an id followed by "…")."""
    words = {w.strip("…,.:;()") for line in text.splitlines() for w in line.split()}
    return {w for w in words if "-" in w and w.islower()}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--type", "executive"],
        ["show", "harvard-macy-leading-innovations-health-care-education"],
        ["compare", "amia-ahic", "ancc-informatics-nursing", "abii-ciip"],
        ["recommend", "--role", "physician", "--goal", "informatics"],
        ["recommend", "--role", "nurse", "--goal", "informatics", "--years", "3"],
        ["roles"],
    ],
    ids=" ".join,
)
def test_tables_fit_and_keep_ids_whole(args: list[str], columns: int, tmp_path: Path) -> None:
    text = in_terminal(args, columns, tmp_path)
    lines = text.splitlines()
    assert lines, text
    too_wide = [line for line in lines if width(line) > columns]
    assert not too_wide, too_wide[:3]
    for line in lines:
        for word in line.split():
            if word.endswith("…"):
                stem = word.rstrip("…")
                assert (
                    stem not in IDS
                    and not any(i.startswith(stem) and i != stem for i in IDS if len(stem) > 12)
                    or " " in stem
                ), f"an id cut: {word!r}"
    if args[0] == "list" and len(args) == 1:
        assert IDS <= shown_ids(text), sorted(IDS - shown_ids(text))[:5]


def test_list_is_about_two_lines_a_program_at_80_columns(tmp_path: Path) -> None:
    lines = in_terminal(["list"], 80, tmp_path).splitlines()
    assert len(lines) / len(IDS) <= 2.5


def test_a_pathway_table_keeps_its_figures_whole_beside_a_long_id(tmp_path: Path) -> None:
    """At 80 columns a 48-character id ran the kind and cost columns into 'certificatio' and
    'unknow'; the id now gives way, running on to the next line whole."""
    text = in_terminal(["recommend", "--role", "pharmacist", "--goal", "informatics"], 80, tmp_path)
    table = text.split("length", 1)[1].split("1. ", 1)[0]
    assert "certification " in table and " unknown " in table
    assert "aurora-pgy1-pgy2-pharmacy-informatics-" in table and "residency" in table
