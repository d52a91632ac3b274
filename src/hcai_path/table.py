"""Rich tables for people at a terminal: the only module that imports Rich."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hcai_path.text import inert


def _console(file: io.StringIO) -> Console:
    """The one console: sized to the real terminal, coloured only there and never with NO_COLOR."""
    is_tty = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if is_tty else 100
    return Console(
        file=file,
        force_terminal=is_tty,
        no_color=bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb",
        color_system="auto" if is_tty else None,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render(renderables: Sequence[object]) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    for item in renderables:
        console.print(item)
    return buffer.getvalue()


def grid(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    dim_rows: Sequence[bool] = (),
    no_wrap: Sequence[str] = (),
) -> Table:
    table = Table(
        title=Text(inert(title)) if title else None,
        caption=Text(inert(caption)) if caption else None,
        show_lines=False,
        header_style="bold",
    )
    for name in columns:
        table.add_column(Text(name), no_wrap=name in no_wrap, overflow="fold")
    for index, row in enumerate(rows):
        dim = index < len(dim_rows) and dim_rows[index]
        cells = [Text(inert(value).replace("\\n", "\n")) for value in row]
        table.add_row(*cells, style="dim" if dim else None)
    return table


def text(value: str, *, bold: bool = False) -> Text:
    return Text(inert(value), style="bold" if bold else "")


def table_text(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    dim_rows: Sequence[bool] = (),
    no_wrap: Sequence[str] = (),
) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    # Rich may not use the width asked for (a dumb terminal is always 80), so ask it.
    no_wrap = _affordable_no_wrap(columns, rows, no_wrap, console.width)
    console.print(
        grid(columns, rows, title=title, caption=caption, dim_rows=dim_rows, no_wrap=no_wrap)
    )
    return buffer.getvalue()


MIN_WRAPPED_WIDTH = 16
MIN_FOLDED_WIDTH = 10


def _affordable_no_wrap(
    columns: Sequence[str], rows: Sequence[Sequence[str]], no_wrap: Sequence[str], width: int
) -> list[str]:
    """The no-wrap columns that still leave the wrapping ones room: Rich crops a no-wrap cell
    and can squeeze a wrapping column to nothing, so the widest no-wrap columns fold instead."""
    from rich.cells import cell_len

    def widest(index: int) -> int:
        values = [columns[index], *(row[index] for row in rows if index < len(row))]
        lines = (line for v in values for line in inert(v).replace("\\n", "\n").split("\n"))
        return max((cell_len(line) for line in lines), default=0)

    kept = {i: widest(i) for i, name in enumerate(columns) if name in no_wrap}
    wrapping = len(columns) - len(kept)
    folded: list[int] = []
    while kept:
        # a column costs its text, two spaces of padding and one border
        used = sum(w + 3 for w in kept.values()) + 3 * (wrapping + len(folded)) + 1
        per_column = max(MIN_WRAPPED_WIDTH, width // 4)
        needed = per_column * wrapping + sum(min(w, MIN_FOLDED_WIDTH) for w in folded)
        if width - used >= needed:
            break
        index = max(kept, key=lambda i: kept[i])
        folded.append(kept.pop(index))
    return [columns[i] for i in kept]
