"""The options several commands share, with their metavars and help."""

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from hcai_path.cli.io import _static, complete_goals, complete_have, complete_roles
from hcai_path.models import DELIVERIES, STALE_AFTER_MONTHS
from hcai_path.render import Format

# ---- shared options -----------------------------------------------------------------------

RECORD_FORMATS = (
    Format.AUTO,
    Format.TABLE,
    Format.JSON,
    Format.JSONL,
    Format.CSV,
    Format.TSV,
    Format.MARKDOWN,
)
LIST_FORMATS = (*RECORD_FORMATS, Format.TOML)
PATHWAY_FORMATS = (*RECORD_FORMATS, Format.SVG)
_AUTO_HELP = "auto (table on a terminal, else tsv)"


def _formats_help(formats: Sequence[Format]) -> str:
    return ", ".join(_AUTO_HELP if f is Format.AUTO else f.value for f in formats) + "."


def _format_option(formats: Sequence[Format]) -> Any:
    return typer.Option(
        "--format",
        "-f",
        help=_formats_help(formats),
        metavar="FORMAT",
        autocompletion=_static([f.value for f in formats]),
    )


def repeatable(*names: str, help: str, metavar: str, complete: Callable[..., list[str]]) -> Any:
    """A filter given once for each value it accepts; its help says it may repeat."""
    return typer.Option(
        *names, help=f"{help} (repeatable).", metavar=metavar, autocompletion=complete
    )


FormatOption = Annotated[str, _format_option(RECORD_FORMATS)]
ListFormatOption = Annotated[str, _format_option(LIST_FORMATS)]
PathwayFormatOption = Annotated[str, _format_option(PATHWAY_FORMATS)]
IncludeStale = Annotated[
    bool,
    typer.Option(
        "--include-stale/--exclude-stale",
        help=f"Include programs verified over {STALE_AFTER_MONTHS} months ago (marked stale), "
        "or leave them out.",
    ),
]
NoHeaders = Annotated[bool, typer.Option("--no-headers", help="Omit the csv/tsv header row.")]
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No notes on stderr (in a pipe they say what a table would show beside the data).",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout; its folder must exist.",
        metavar="PATH",
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        help="Your role or role family; see 'hcai-path roles'.",
        metavar="ROLE",
        autocompletion=complete_roles,
    ),
]
GoalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--goal",
        "-g",
        help="A goal (repeatable); see 'hcai-path goals'. Default: your role's usual goals.",
        metavar="GOAL",
        autocompletion=complete_goals,
    ),
]
BudgetOption = Annotated[
    str | None,
    typer.Option("--budget", help="Most you will spend in total, in US dollars.", metavar="USD"),
]
MonthsOption = Annotated[
    str | None,
    typer.Option(
        "--months", help="Most months all steps may take, one after another.", metavar="N"
    ),
]
DeliveryOption = Annotated[
    str | None,
    typer.Option(
        "--delivery",
        help="online, in-person or hybrid: every step must match.",
        metavar="DELIVERY",
        autocompletion=_static(DELIVERIES),
    ),
]
CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        help="Where you can study (a code like US or GB, or a name): steps are online or "
        "taught there, at the fee for home students there.",
        metavar="COUNTRY",
    ),
]
HaveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--have",
        help="A program id or degree you hold (repeatable); see 'hcai-path degrees'.",
        metavar="ID",
        autocompletion=complete_have,
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option(
        "--years",
        help="Years of relevant work experience (for exam eligibility); unknown if left out.",
        metavar="N",
    ),
]
