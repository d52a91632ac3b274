"""table: Rich tables for people at a terminal, remembered in the cache (Rich is slow to lay out).

Rich itself is imported only by `rich_table`, and only when a table is not in the cache.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hcai_path.models import STALE_WORDS, Program, program_record
from hcai_path.render import Context, Format, Formatter, Output
from hcai_path.render.fields import (
    DETAIL_FIELDS,
    cell,
    detail_rows,
    detail_value,
    money,
    months,
    plural,
)
from hcai_path.render.pathway_text import (
    also_lines,
    alternative_lines,
    competency_names,
    degree_lines,
    header_lines,
    timeline,
    totals_line,
)

if TYPE_CHECKING:
    from hcai_path.models import Pathway

Block = tuple[Any, ...]

# What Rich reads from the environment when it lays out and colours a table.
_RICH_ENVIRONMENT = (
    "NO_COLOR",
    "TERM",
    "COLORTERM",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
)
MAX_CACHED_TABLE = 2_000_000


def view_text(blocks: Sequence[Block]) -> str:
    """`rich_table.render(blocks)`, remembered in the cache folder.

    Rich takes over 100 ms to lay out a 100-row table (more than all of the rest of a run); the
    same blocks for the same terminal give the same text, so a repeated command reuses it. The
    key holds everything the text depends on: the blocks, whether stdout is a terminal and the
    width, the environment Rich reads, and the installed Rich and rich_table.py.
    """
    from hcai_path import cache

    is_tty = sys.stdout.isatty()
    identity = (
        [list(b) for b in blocks],
        is_tty,
        tuple(shutil.get_terminal_size((100, 24))),
        [os.environ.get(name) for name in _RICH_ENVIRONMENT],
        sys.platform,
        _module_stamp("rich"),
        _module_stamp("hcai_path.render.rich_table"),
    )
    key = cache.digest(b"view", repr(identity).encode("utf-8", "surrogatepass"))
    cached = cache.get(key)
    if isinstance(cached, str):
        return cached
    from hcai_path.render.rich_table import render

    text = render(blocks)
    if len(text) <= MAX_CACHED_TABLE:
        cache.put(key, text)
    return text


def table_text(
    columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], **options: Any
) -> str:
    """One table (see `rich_table` for the column modes), cached."""
    return view_text([("table", list(columns), [list(r) for r in rows], options)])


def _module_stamp(name: str) -> tuple[str, int, int] | None:
    """Where a module's file is and when it last changed (an upgrade changes both)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return None
        info = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return None
    return origin, info.st_mtime_ns, info.st_size


NAME_ROOM = 24
"""The least width of the name column for `list` to show one line a program."""


class TableFormatter(Formatter):
    format = Format.TABLE

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        if not programs:
            return ""
        today = ctx.today
        stale = [p.is_stale(today) for p in programs]
        verified = [
            p.verified.isoformat() + (" !" if s else "")
            for p, s in zip(programs, stale, strict=True)
        ]
        caption = (
            f"{plural(len(programs), 'program')}; ! = stale ({STALE_WORDS}); "
            "'hcai-path show ID' for the rest"
        )
        wide = [
            [
                p.id,
                p.name,
                p.credential,
                p.delivery + (f" {p.country}" if p.country and p.delivery != "online" else ""),
                money(p.cost_usd),
                months(p.duration_months).removesuffix(" mo"),
                v,
            ]
            for p, v in zip(programs, verified, strict=True)
        ]
        # One line a program when every column but the name fits whole with room for a name
        # (7 columns: 20 characters of borders and padding); else two lines (id, then name).
        wide_columns = [
            ("id", "keep"),
            ("name", "cut"),
            ("credential", "keep"),
            ("delivery", "keep"),
            ("cost (USD)", "keep"),
            ("months", "keep"),
            ("verified", "keep"),
        ]
        fixed = sum(
            max(len(name), *(len(row[i]) for row in wide))
            for i, (name, mode) in enumerate(wide_columns)
            if mode == "keep"
        )
        if shutil.get_terminal_size((100, 24)).columns >= fixed + 20 + NAME_ROOM:
            columns, rows = wide_columns, wide
        else:
            columns = [("program", "head"), ("cost, months, verified", "keep")]
            rows = [
                [
                    f"{p.id}\n{p.credential}: {p.name}",
                    f"{money(p.cost_usd)} · {months(p.duration_months)}\n{v}",
                ]
                for p, v in zip(programs, verified, strict=True)
            ]
        return table_text(columns, rows, dim_rows=stale, caption=caption)

    def program(self, program: Program, ctx: Context) -> Output:
        record = program_record(program, ctx.today)
        rows = [[key, detail_value(record, key)] for key in DETAIL_FIELDS]
        return table_text([("field", "keep"), ("value", "wrap")], rows, title=program.name)

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        # Programs are numbered columns (ids as headers would not fit 80 columns whole).
        legend: list[Block] = [
            ("line", f"{n}: {p.id} ({p.name})", False) for n, p in enumerate(programs, 1)
        ]
        columns = [("field", "keep"), *((str(n), "wrap") for n in range(1, len(programs) + 1))]
        table: Block = ("table", columns, detail_rows(programs, ctx.today), {})
        return view_text([*legend, table])

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        cells = [[cell(v) for v in row] for row in rows]
        columns = [(name, "keep" if i == 0 else "wrap") for i, name in enumerate(header)]
        return table_text(columns, cells)

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        assert ctx.rules is not None
        width = shutil.get_terminal_size((100, 24)).columns
        return view_text(pathway_blocks(pathway, ctx, width=width))


def pathway_blocks(pathway: Pathway, ctx: Context, *, width: int) -> list[Block]:
    """The pathway as a page: header, steps, why, totals, timeline, gaps, then the options."""
    assert ctx.rules is not None
    rules = ctx.rules
    head = header_lines(pathway)
    blocks: list[Block] = [("line", head[0], True), *(("line", h, False) for h in head[1:])]
    rows = [
        [
            str(s.order),
            f"{s.program.id}\n{s.program.name}\n{s.program.provider}",
            s.kind,
            money(s.cost_usd),
            months(s.program.duration_months),
        ]
        for s in pathway.steps
    ]
    columns = [
        ("#", "keep"),
        ("program", "lead"),
        ("kind", "keep"),
        ("cost", "keep"),
        ("length", "keep"),
    ]
    stale = [s.program.is_stale(ctx.today) for s in pathway.steps]
    blocks.append(("table", columns, rows, {"dim_rows": stale}))
    blocks.extend(("item", f"{s.order}.", s.why) for s in pathway.steps)
    blocks.append(("line", totals_line(pathway), True))
    timeline_columns = [("step", "keep"), ("when", "keep"), ("timeline", "cut")]
    spans = timeline(pathway, width=1)
    used = max((len(r[0]) for r in spans), default=4) + max((len(r[1]) for r in spans), default=4)
    bar = max(8, width - used - 10)
    blocks.append(("table", timeline_columns, [list(r) for r in timeline(pathway, width=bar)], {}))
    blocks.append(("line", "Gaps left: " + competency_names(pathway.gaps, rules), False))
    if pathway.degree_options:
        blocks.append(("line", "Degree options (long term):", True))
        blocks.extend(("item", ident + ":", why) for ident, why in degree_lines(pathway))
    if pathway.alternatives:
        blocks.append(("line", "Alternatives:", True))
        blocks.extend(
            ("item", f"{label}:", f"{steps}. {reason}")
            for label, steps, reason in alternative_lines(pathway)
        )
    if pathway.also_consider:
        blocks.append(("line", "Also consider:", True))
        blocks.extend(("item", ident + ":", text) for ident, text in also_lines(pathway))
    blocks.extend(("item", "Note:", n) for n in pathway.notes)
    return blocks


class SvgFormatter(Formatter):
    """svg: a picture of the table view of a pathway, to share."""

    format = Format.SVG

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        from hcai_path.render.rich_table import render_svg, svg_width

        blocks = pathway_blocks(pathway, ctx, width=svg_width())
        return render_svg(blocks, title="hcai-path pathway")
