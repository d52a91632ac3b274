"""render/rich_table.py: Rich tables for people; styled only on a terminal, data literal."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from hcai_path.render.rich_table import render_table

COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
COLUMNS = [("id", "keep"), ("name", "wrap")]
ROWS = [["a", "[bold]x[/bold] \x1b[31mred"], ["b", "old (stale)"]]


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> contextlib.AbstractContextManager[object]:
    """Env of a 100-column terminal, and a context that makes stdout one. The test enters it
    itself: pytest's capture puts its own sys.stdout back between fixture setup and the test."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return contextlib.redirect_stdout(FakeTTY())


def test_not_a_tty_has_no_ansi() -> None:
    """A Rich table sent to a pipe carries no escape sequence at all."""
    out = render_table(COLUMNS, ROWS, dim_rows=[False, True])
    assert "\x1b" not in out
    assert "[bold]x[/bold] \\x1b[31mred" in out


def test_on_a_tty_it_is_styled(tty: contextlib.AbstractContextManager[object]) -> None:
    with tty:
        out = render_table(COLUMNS, ROWS, dim_rows=[False, True])
    assert "\x1b[1m" in out  # bold header
    assert "\x1b[2m" in out  # dim stale row
    assert "[bold]x[/bold] \\x1b[31mred" in out  # data printed literally
    assert "\x1b[31m" not in out


def test_no_color(
    tty: contextlib.AbstractContextManager[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: no colour escape, and the stale marker is in words, not colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    with tty:
        out = render_table(COLUMNS, ROWS, dim_rows=[False, True])
    assert not COLOUR_SGR.search(out)
    assert "old (stale)" in out


def test_dumb_terminal(
    tty: contextlib.AbstractContextManager[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    with tty:
        out = render_table(COLUMNS, ROWS)
    assert "\x1b" not in out


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_fits_the_width_and_never_breaks_an_id(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line fits; a "keep" column (ids) is never broken; wrapped text loses no word."""
    monkeypatch.setenv("COLUMNS", str(columns))
    ident = "clinical-informatics-fellowship"
    words = "a long name of a program, wrapped at word boundaries " * 3
    out = render_table([("id", "keep"), ("name", "wrap")], [[ident, words]], title="T")
    assert all(len(line) <= columns for line in out.splitlines())
    assert ident in out
    assert re.sub(r"[^a-z]", "", out).count(re.sub(r"[^a-z]", "", words)) == 1


def test_cut_columns_use_an_ellipsis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = render_table([("id", "keep"), ("name", "cut")], [["p1", "x" * 300]])
    assert "…" in out and "x" * 300 not in out
    assert "p1" in out


def test_a_long_lead_column_gives_way_before_the_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """An id too long for the terminal runs on to the next line, whole; the kind, cost and
    length beside it stay whole (they were cut to "unknow" and "certificatio" at 80 columns)."""
    monkeypatch.setenv("COLUMNS", "60")
    columns = [("program", "lead"), ("kind", "keep"), ("cost", "keep"), ("length", "keep")]
    ident = "aurora-pgy1-pgy2-pharmacy-informatics-residency"
    out = render_table(columns, [[ident, "certification", "unknown", "0.01 mo"]])
    assert all(len(line) <= 60 for line in out.splitlines())
    assert "certification" in out and "unknown" in out and "0.01 mo" in out
    body = out.split("─ \n", 1)[1]  # below the header's rule
    cells = [line.split()[0] for line in body.splitlines() if line.strip()]
    assert "".join(cells) == ident and "…" not in out
