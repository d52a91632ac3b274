"""render/terminal.py: the table views, and their text remembered in the cache."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from conftest import TODAY

from hcai_path import cache
from hcai_path.render import Context, Format, formatter, terminal
from hcai_path.render.rich_table import render_table
from render.programs import COMPUTED, FRESH, ODD

CTX = Context(today=TODAY)
TABLE = formatter(Format.TABLE)


def test_cached_table_is_rich_text(monkeypatch: pytest.MonkeyPatch, cache_dir: Any) -> None:
    columns = [("id", "keep"), ("name", "wrap"), ("x", "keep")]
    rows = [["a-id", "A name", "x"], ["b-id", "B [bold]name[/bold]", "\x1b[31mred"]]
    options: dict[str, Any] = {"caption": "2 rows", "dim_rows": [False, True]}
    expected = render_table(columns, rows, **options)
    assert terminal.table_text(columns, rows, **options) == expected  # a miss
    assert os.listdir(cache.cache_dir())
    assert terminal.table_text(columns, rows, **options) == expected  # a hit
    monkeypatch.setenv("NO_COLOR", "1")  # part of the key
    assert terminal.table_text(columns, rows, **options) == render_table(columns, rows, **options)


def test_a_cached_table_follows_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["p1", "word " * 40]]
    monkeypatch.setenv("COLUMNS", "100")
    wide = terminal.table_text([("id", "keep"), ("name", "wrap")], rows)
    monkeypatch.setenv("COLUMNS", "40")
    narrow = terminal.table_text([("id", "keep"), ("name", "wrap")], rows)
    assert wide != narrow and max(map(len, narrow.splitlines())) <= 40


def test_program_views(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    listed = str(TABLE.programs([FRESH, ODD, COMPUTED], CTX))
    for ident in ("p1", "p2", "p3"):
        assert re.search(rf"\b{ident}\b", listed)
    assert "unknown" in listed and "$1,250" in listed
    assert "\t" not in listed and "\x1b" not in listed
    shown = str(TABLE.program(COMPUTED, CTX))
    assert "any one of: (1) roles: nurse" in re.sub(r"\s+", " ", shown)
    compared = str(TABLE.compare([FRESH, ODD], CTX))
    assert "p1" in compared and "p2" in compared
    assert TABLE.programs([], CTX) == ""
