"""The vocabularies: roles, goals, types, topics and degrees."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from hcai_path._typer_fast import PlainCommand
from hcai_path.render import Context, formatter

if TYPE_CHECKING:
    from hcai_path.rules import Rules
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


class Vocabulary(NamedTuple):
    """One vocabulary command: its name, help, example, columns and rows."""

    name: str
    help: str
    example: str
    header: tuple[str, ...]
    rows: Callable[[Rules], list[list[Any]]]


def _role_rows(rules: Rules) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [f.id, "family", "", list(f.aliases), f.meaning] for f in rules.families.values()
    ]
    return rows + [
        [r.id, "role", r.family, list(r.aliases), r.meaning] for r in rules.roles.values()
    ]


def _type_rows(rules: Rules) -> list[list[Any]]:
    from hcai_path.models import PROGRAM_TYPES

    return [[k, [], v] for k, v in PROGRAM_TYPES.items()]


NAMED = ("id", "aliases", "meaning")
VOCABULARIES = (
    Vocabulary(
        "roles",
        "List the roles and role families, with aliases and meanings.",
        "hcai-path roles --format json | jq -r '.[].id'",
        ("id", "kind", "family", "aliases", "meaning"),
        _role_rows,
    ),
    Vocabulary(
        "goals",
        "List the goals a pathway can aim at, with aliases and meanings.",
        "hcai-path goals",
        NAMED,
        lambda rules: [[g.id, list(g.aliases), g.meaning] for g in rules.goals.values()],
    ),
    Vocabulary(
        "types",
        "List the three pathway types: academic, professional, executive.",
        "hcai-path types --format tsv",
        NAMED,
        _type_rows,
    ),
    Vocabulary(
        "topics",
        "List the catalog's topics and the competencies each builds.",
        "hcai-path topics --format csv",
        ("id", "aliases", "competencies", "meaning"),
        lambda rules: [
            [t.id, list(t.aliases), list(t.competencies), t.meaning] for t in rules.topics.values()
        ],
    ),
    Vocabulary(
        "degrees",
        "List the degrees you can name with --have, with aliases.",
        "hcai-path degrees",
        NAMED,
        lambda rules: [[d.id, list(d.aliases), d.name] for d in rules.degrees.values()],
    ),
)


def _register(vocabulary: Vocabulary) -> None:
    def command(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
        rows = vocabulary.rows(get_rules())
        emit_records(vocabulary.header, rows, fmt=fmt, no_headers=no_headers)

    command.__doc__ = f"{vocabulary.help}\n\n\b\nExample:\n  {vocabulary.example}\n"
    app.command(vocabulary.name, cls=PlainCommand)(command)


for _vocabulary in VOCABULARIES:
    _register(_vocabulary)
