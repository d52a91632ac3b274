"""The vocabularies: roles, goals, types, topics and degrees."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hcai_path._typer_fast import PlainCommand
from hcai_path.render import Context, formatter

if TYPE_CHECKING:
    pass
from hcai_path.cli import io
from hcai_path.cli.app import app
from hcai_path.cli.io import emit, get_rules, pick_format
from hcai_path.cli.options import RECORD_FORMATS, FormatOption, NoHeaders

# ---- vocabularies ---------------------------------------------------------------------------


def emit_records(
    header: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str, no_headers: bool
) -> None:
    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    emit(formatter(fmt_).records(header, rows, Context(today=io.today(), headers=not no_headers)))


@app.command(cls=PlainCommand)
def roles(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the roles and role families, with aliases and meanings.

    \b
    Example:
      hcai-path roles --format json | jq -r '.[].id'
    """
    rules = get_rules()
    rows: list[list[Any]] = [
        [f.id, "family", "", list(f.aliases), f.meaning] for f in rules.families.values()
    ]
    rows += [[r.id, "role", r.family, list(r.aliases), r.meaning] for r in rules.roles.values()]
    header = ["id", "kind", "family", "aliases", "meaning"]
    emit_records(header, rows, fmt=fmt, no_headers=no_headers)


@app.command(cls=PlainCommand)
def goals(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the goals a pathway can aim at, with aliases and meanings.

    \b
    Example:
      hcai-path goals
    """
    rows = [[g.id, list(g.aliases), g.meaning] for g in get_rules().goals.values()]
    emit_records(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command(cls=PlainCommand)
def types(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the three pathway types: academic, professional, executive.

    \b
    Example:
      hcai-path types --format tsv
    """
    from hcai_path.models import TYPE_MEANINGS

    rows = [[k, [], v] for k, v in TYPE_MEANINGS.items()]
    emit_records(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command(cls=PlainCommand)
def topics(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the catalog's topics and the competencies each builds.

    \b
    Example:
      hcai-path topics --format csv
    """
    rows = [
        [t.id, list(t.aliases), list(t.competencies), t.meaning]
        for t in get_rules().topics.values()
    ]
    header = ["id", "aliases", "competencies", "meaning"]
    emit_records(header, rows, fmt=fmt, no_headers=no_headers)


@app.command(cls=PlainCommand)
def degrees(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the degrees you can name with --have, with aliases.

    \b
    Example:
      hcai-path degrees
    """
    rows = [[d.id, list(d.aliases), d.name] for d in get_rules().degrees.values()]
    emit_records(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)
