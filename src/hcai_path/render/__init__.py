"""The output boundary: one formatter class per format, chosen from one table.

Each formatter turns the views of hcai-path (a list of programs, one program, a comparison, a
pathway, a table of records, one record) into text. A new format is one class and one line of
`_FORMATTERS`; a format that cannot show a view says so with `UnsupportedView`.
Formatters are imported on first use, so a run pays only for the format it prints.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from hcai_path.errors import UsageError

if TYPE_CHECKING:
    from hcai_path.models import Pathway, Program
    from hcai_path.rules import Rules


class Format(StrEnum):
    AUTO = "auto"
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MARKDOWN = "markdown"
    TOML = "toml"
    SVG = "svg"


FORMAT_BY_SUFFIX = {
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".md": Format.MARKDOWN,
    ".toml": Format.TOML,
    ".svg": Format.SVG,
}

Output = str | Iterable[str]
"""Text to print: whole, or in pieces written as they come (a large list)."""


class Context(NamedTuple):
    """What every view needs besides its data."""

    today: dt.date
    headers: bool = True
    """csv/tsv: print the header row."""
    rules: Rules | None = None
    """For names of competencies in a pathway."""


class UnsupportedView(UsageError):
    """This format cannot show this view (toml is only a catalog of programs)."""

    def __init__(self, fmt: Format, view: str, formats: Sequence[Format]) -> None:
        choices = ", ".join(f.value for f in formats)
        super().__init__(f"--format {fmt.value} cannot show {view}; choose from {choices}")


class Formatter:
    """The views, each raising UnsupportedView: a format overrides the ones it can show."""

    format: Format

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        raise UnsupportedView(self.format, "a list of programs", formats_for("programs"))

    def program(self, program: Program, ctx: Context) -> Output:
        raise UnsupportedView(self.format, "a program", formats_for("program"))

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        raise UnsupportedView(self.format, "a comparison", formats_for("compare"))

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        raise UnsupportedView(self.format, "a pathway", formats_for("pathway"))

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        raise UnsupportedView(self.format, "records", formats_for("records"))

    def record(self, record: Mapping[str, Any], ctx: Context) -> Output:
        """One record (a saved profile): key and value rows unless the format has objects."""
        return self.records(["key", "value"], [[k, v] for k, v in record.items()], ctx)


# Format -> (module of hcai_path.render, class).
_FORMATTERS: dict[Format, tuple[str, str]] = {
    Format.TABLE: ("terminal", "TableFormatter"),
    Format.JSON: ("json", "JsonFormatter"),
    Format.JSONL: ("json", "JsonLinesFormatter"),
    Format.CSV: ("delimited", "CsvFormatter"),
    Format.TSV: ("delimited", "TsvFormatter"),
    Format.MARKDOWN: ("markdown", "MarkdownFormatter"),
    Format.TOML: ("toml", "TomlFormatter"),
    Format.SVG: ("terminal", "SvgFormatter"),
}


def formatter(fmt: Format) -> Formatter:
    """The formatter of `fmt` (not AUTO: the command line resolves it first)."""
    module, name = _FORMATTERS[fmt]
    cls: type[Formatter] = getattr(importlib.import_module(f"hcai_path.render.{module}"), name)
    return cls()


def formats_for(view: str) -> list[Format]:
    """The formats that can show `view` (a method name of Formatter), AUTO first."""
    out = [Format.AUTO]
    for fmt in _FORMATTERS:
        cls = type(formatter(fmt))
        if getattr(cls, view) is not getattr(Formatter, view):
            out.append(fmt)
    return out
