"""Rich for people at a terminal: the only module that imports Rich.

A view is a list of blocks (plain data, so that terminal.py can cache the text by them):
  ("line", text, bold)                      a line, wrapped at word boundaries
  ("item", label, text)                     a paragraph under a label, with a hanging indent
  ("table", columns, rows, options)         a table; each column is (name, mode):
      "wrap"  wrapped at word boundaries (a word longer than the column is folded);
      "keep"  never broken nor cut: ids, dates, money (its width is its longest cell);
      "cut"   one line, shortened with an ellipsis (long names: `show` has the rest);
      "head"  like "cut", but its first line (an id) is never cut;
      "lead"  like "head", but when the table is too wide it gives way first: its id runs on to
              the next line, whole, so that the short figures beside it are never cut.
  options: title, caption, dim_rows.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hcai_path.text import inert

Block = tuple[Any, ...]


def width() -> int:
    """The terminal's width; COLUMNS when set (in a pipe too), else 100 off a terminal."""
    return shutil.get_terminal_size((100, 24)).columns


def _console(file: io.StringIO) -> Console:
    """The one console: coloured only on a terminal, never with NO_COLOR or TERM=dumb."""
    is_tty = sys.stdout.isatty()
    return Console(
        file=file,
        force_terminal=is_tty,
        no_color=bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb",
        color_system="auto" if is_tty else None,
        width=max(20, width()),
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def render(blocks: Sequence[Block]) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    for block in blocks:
        console.print(_renderable(block, console.width))
    return buffer.getvalue()


def render_svg(blocks: Sequence[Block], *, title: str) -> str:
    """The blocks as an SVG picture of a terminal (Rich's export), 100 columns wide unless
    COLUMNS says otherwise."""
    console = Console(
        file=io.StringIO(),
        record=True,
        width=svg_width(),
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    for block in blocks:
        console.print(_renderable(block, console.width))
    return console.export_svg(title=title)


def svg_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return max(20, int(columns)) if columns.isdigit() else 100


def _renderable(block: Block, total: int) -> Any:
    kind = block[0]
    if kind == "line":
        _, value, bold = block
        return Text(inert(value), style="bold" if bold else "")
    if kind == "item":
        _, label, value = block
        line = Text(inert(label), style="bold")
        line.append(" " + inert(value))
        return Padding(line, (0, 0, 0, 2))
    _, columns, rows, options = block
    return grid(columns, rows, total=total, **options)


HEAD_AT_LEAST = 12
"""The narrowest a "lead" column gets when a table is too wide for the terminal."""


def grid(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    dim_rows: Sequence[bool] = (),
    total: int | None = None,
) -> Table:
    table = Table(
        title=Text(inert(title)) if title else None,
        caption=Text(inert(caption)) if caption else None,
        box=box.SIMPLE_HEAD,
        show_lines=False,
        header_style="bold",
        pad_edge=False,
        collapse_padding=True,
    )
    # Columns of fixed width take what they need; a "cut" column gets an even share of the rest
    # (Rich would otherwise shrink every column alike, ids included).
    widths = [
        _fixed_width(name, mode, [row[i] for row in rows if i < len(row)])
        for i, (name, mode) in enumerate(columns)
    ]
    flexible = sum(1 for _, mode in columns if mode in ("cut", "wrap"))
    room = (total or width()) - sum(widths) - (3 * len(columns) - 1)
    narrowed: dict[int, int] = {}
    if room < 0:
        # Too wide: a "lead" column (a long id) gives way first, so that the short figures
        # beside it (kind, cost, length) are never cut; its id then runs on to the next line,
        # whole, and only the lines under it end in an ellipsis.
        for i, (_, mode) in enumerate(columns):
            if mode == "lead" and room < 0:
                give = min(-room, max(0, widths[i] - HEAD_AT_LEAST))
                widths[i] -= give
                room += give
                narrowed[i] = widths[i]
    share = max(1, room // max(1, flexible))
    for (name, mode), fixed in zip(columns, widths, strict=True):
        if mode in ("keep", "head", "lead"):
            overflow: Any = "fold" if mode == "keep" else "ellipsis"
            table.add_column(Text(name), no_wrap=True, width=fixed, overflow=overflow)
        elif mode == "cut":
            table.add_column(Text(name), no_wrap=True, overflow="ellipsis", max_width=share)
        else:
            table.add_column(Text(name), overflow="fold")
    for index, row in enumerate(rows):
        dim = index < len(dim_rows) and dim_rows[index]
        cells = [
            Text("\n".join(_head_lines(value, narrowed[i]) if i in narrowed else _lines(value)))
            for i, value in enumerate(row)
        ]
        table.add_row(*cells, style="dim" if dim else None)
    return table


def _fixed_width(name: str, mode: str, cells: Sequence[str]) -> int:
    measure = _first_line if mode in ("head", "lead") else _widest_line
    if mode not in ("keep", "head", "lead"):
        return 0
    return max([cell_len(name), *(measure(c) for c in cells)])


def _lines(value: str) -> list[str]:
    return inert(value).replace("\\n", "\n").split("\n")


def _head_lines(value: str, room: int) -> list[str]:
    """A head cell's lines with its first (an id) broken into pieces of `room` columns."""
    first, *rest = _lines(value)
    pieces = [first[k : k + room] for k in range(0, len(first), room)] or [""]
    return [*pieces, *rest]


def _first_line(value: str) -> int:
    return cell_len(_lines(value)[0])


def _widest_line(value: str) -> int:
    return max((cell_len(line) for line in _lines(value)), default=0)


def render_table(
    columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], **options: Any
) -> str:
    """One table as text, uncached (`grid` names the options: title, caption, dim_rows)."""
    return render([("table", list(columns), [list(r) for r in rows], options)])


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[Any], None]]:
    """A progress bar on stderr; the function it gives advances it by one."""
    from rich.progress import Progress

    with Progress(console=Console(stderr=True, highlight=False), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda _record: bar.advance(task)
