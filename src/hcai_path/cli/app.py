"""The Typer app, its groups and global options, and the one fatal path."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hcai_path import __version__
from hcai_path.errors import (
    DataFileError,
    HcaiError,
)

if TYPE_CHECKING:
    pass
from typer.core import TyperGroup

from hcai_path.cli.io import State, warn

MAX_PROBLEMS_SHOWN = 50


class HandledGroup(TyperGroup):
    """The root group: runs the command and maps domain errors to exit codes (never a
    traceback). The one fatal path of hcai-path: subcommands and groups run inside it."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DataFileError as e:
            for problem in e.problems[:MAX_PROBLEMS_SHOWN]:
                warn(f"error: {problem}")
            if len(e.problems) > MAX_PROBLEMS_SHOWN:
                warn(f"error: ... and {len(e.problems) - MAX_PROBLEMS_SHOWN} more problems")
                warn("run 'hcai-path catalog validate' for the full list")
            raise typer.Exit(e.exit_code) from None
        except HcaiError as e:
            warn(f"error: {e}")
            raise typer.Exit(e.exit_code) from None


HELP = """Find a pathway into healthcare AI: a degree plus specialized certificates.

\b
Examples:
  hcai-path recommend --role nurse
  hcai-path list --type academic
  hcai-path list --topic clinical-nlp --format json | jq '.[].name'
  hcai-path show hms-aim-phd
"""

app = typer.Typer(
    name="hcai-path",
    help=HELP,
    cls=HandledGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Check catalog and rules files.\n\n\b\nExample:\n  hcai-path catalog stats",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")
profile_app = typer.Typer(
    help="Saved defaults for 'recommend'.\n\n\b\nExample:\n"
    "  hcai-path profile set --role nurse --budget 5000",
    no_args_is_help=True,
)


# ---- global options -----------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hcai-path {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def main(
    catalog: Annotated[
        str | None,
        typer.Option(
            "--catalog",
            envvar="HCAI_PATH_CATALOG",
            help="Catalog file to use instead of the shipped one.",
            metavar="PATH",
        ),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            envvar="HCAI_PATH_RULES",
            help="Rules file to use instead of the shipped one.",
            metavar="PATH",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    State.catalog_path = catalog or None
    State.rules_path = rules or None
