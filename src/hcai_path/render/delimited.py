"""csv and tsv: one header row, one line per record, lists joined with `;`, data made inert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hcai_path.render import Context, Format, Formatter, Output
from hcai_path.render.fields import LIST_COLUMNS, cell, detail_rows, program_row
from hcai_path.render.pathway_text import STEP_COLUMNS, step_rows

if TYPE_CHECKING:
    from hcai_path.models import Pathway, Program


class TsvFormatter(Formatter):
    """Tab-separated: tab, newline and backslash in values escaped as `\\t`, `\\n`, `\\\\`."""

    format = Format.TSV

    def lines(self, header: Sequence[str], rows: Sequence[Sequence[Any]], headers: bool) -> str:
        from hcai_path.text import tsv_cell

        lines = ["\t".join(header)] if headers else []
        lines.extend("\t".join(tsv_cell(cell(v)) for v in row) for row in rows)
        return "".join(line + "\n" for line in lines)

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        return self.lines(header, rows, ctx.headers)

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        return self.records(LIST_COLUMNS, [program_row(p, ctx.today) for p in programs], ctx)

    def program(self, program: Program, ctx: Context) -> Output:
        return self.programs([program], ctx)

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        header = ["field", *(p.id for p in programs)]
        return self.records(header, detail_rows(programs, ctx.today), ctx)

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        return self.records(STEP_COLUMNS, step_rows(pathway), ctx)


class CsvFormatter(TsvFormatter):
    """Comma-separated (RFC 4180 quoting); a cell a spreadsheet would run as a formula is text."""

    format = Format.CSV

    def lines(self, header: Sequence[str], rows: Sequence[Sequence[Any]], headers: bool) -> str:
        import csv
        import io

        from hcai_path.text import csv_cell

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if headers:
            writer.writerow(header)
        writer.writerows([csv_cell(cell(v)) for v in row] for row in rows)
        return out.getvalue()
