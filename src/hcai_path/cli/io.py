"""What every command shares: the global options' state, output to stdout and stderr,
the formats, the data files, and completion (which must never raise: it runs on every Tab)."""

import datetime as dt
import os
import sys
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, NoReturn

import typer

from hcai_path.errors import (
    OutputError,
    UsageError,
)
from hcai_path.render import FORMAT_BY_SUFFIX, Format, Output

if TYPE_CHECKING:
    from hcai_path.models import Catalog, Program
    from hcai_path.rules import Rules


class State:
    """Global options, set by the callback before any command runs."""

    catalog_path: str | None = None
    rules_path: str | None = None


def today() -> dt.date:
    return dt.date.today()


# ---- output --------------------------------------------------------------------------------


def fail(message: str, code: int) -> NoReturn:
    warn(f"error: {message}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    # Escape each line: a newline that came from data must not start a fake line.
    lines = message.split("\n")
    if not all(line.isascii() and line.isprintable() for line in lines):
        from hcai_path.text import inert  # printable ASCII is what inert() leaves alone

        lines = [inert(line) for line in lines]
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def emit(text: Output, output: str | None = None) -> None:
    """Write data (text, or text in pieces) to stdout, or atomically to `output`."""
    if output is None:
        try:
            if isinstance(text, str):
                sys.stdout.write(text)
            else:
                for piece in text:
                    sys.stdout.write(piece)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`| head -1`) while data was still coming: stop quietly, as
            # run() does when it finds out at the final flush (Typer would exit 1 here).
            raise typer.Exit(broken_pipe()) from None
        return
    if not isinstance(text, str):
        text = "".join(text)
    from hcai_path.fsutil import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"), make_folder=False)
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise OutputError(f"cannot write {output}: {e.strerror}") from None
        raise UsageError(f"cannot write {output}: {e.strerror}") from None
    warn(f"wrote {output}")


def pick_format(value: str, *, allowed: Sequence[Format], output: str | None = None) -> Format:
    """The format asked for; `auto` is a table on a terminal, else tsv (or what the name of
    the output file says)."""
    from hcai_path.vocab import normalize, resolve

    wanted = normalize(value)
    if wanted in {f.value for f in Format} - {f.value for f in allowed}:
        raise UsageError(
            f"--format {wanted} is not for this command; choose from "
            + ", ".join(f.value for f in allowed)
        )
    fmt = Format(resolve(value, {f.value: () for f in allowed}, what="format"))
    if fmt is Format.AUTO:
        if output is not None:
            suffix = os.path.splitext(output)[1].lower()
            guessed = FORMAT_BY_SUFFIX.get(suffix, Format.TSV)
            return guessed if guessed in allowed else Format.TSV
        return Format.TABLE if sys.stdout.isatty() else Format.TSV
    return fmt


def check_output(output: str | None) -> None:
    """An --output path must be in a folder that exists (a typo is not a new folder)."""
    if output is None:
        return
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UsageError(f"--output {output}: no such folder {folder}; create it first")
    if os.path.isdir(output):
        raise UsageError(f"--output {output} is a folder; name a file")


# ---- data ---------------------------------------------------------------------------------


def get_rules() -> "Rules":
    from hcai_path.load import load_rules

    return load_rules(State.rules_path)


def get_catalog(rules: "Rules | None" = None) -> "Catalog":
    from hcai_path.load import load_catalog

    return load_catalog(
        State.catalog_path, rules=rules if rules is not None else get_rules(), today=today()
    )


def find_program(catalog: "Catalog", ident: str) -> "Program":
    from hcai_path.vocab import normalize, suggestion

    by_id = catalog.by_id()
    wanted = normalize(ident)
    if wanted in by_id:
        return by_id[wanted]
    raise UsageError(f"no program with id {ident!r}{suggestion(wanted, {i: i for i in by_id})}")


# ---- completion (must never raise: it runs on every Tab) -----------------------------------


def _quiet(ctx: typer.Context, func: Callable[[], list[str]]) -> list[str]:
    try:
        # Completion skips the global callback: take --catalog/--rules (or their environment
        # variables) from the command line being completed.
        params = ctx.find_root().params
        State.catalog_path = params.get("catalog") or os.environ.get("HCAI_PATH_CATALOG") or None
        State.rules_path = params.get("rules") or os.environ.get("HCAI_PATH_RULES") or None
        return func()
    except Exception:
        return []


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return _quiet(
        ctx, lambda: [p.id for p in get_catalog().programs if p.id.startswith(incomplete)]
    )


def complete_roles(ctx: typer.Context, incomplete: str) -> list[str]:
    def ids() -> list[str]:
        rules = get_rules()
        return [r for r in [*rules.roles, *rules.families] if r.startswith(incomplete)]

    return _quiet(ctx, ids)


def complete_goals(ctx: typer.Context, incomplete: str) -> list[str]:
    return _quiet(ctx, lambda: [g for g in get_rules().goals if g.startswith(incomplete)])


def complete_topics(ctx: typer.Context, incomplete: str) -> list[str]:
    return _quiet(ctx, lambda: [g for g in get_rules().topics if g.startswith(incomplete)])


def complete_have(ctx: typer.Context, incomplete: str) -> list[str]:
    def ids() -> list[str]:
        rules = get_rules()
        names = [*rules.degrees, *(p.id for p in get_catalog(rules).programs)]
        return [n for n in names if n.startswith(incomplete)]

    return _quiet(ctx, ids)


def _static(values: Collection[str]) -> Callable[[str], list[str]]:
    return lambda incomplete: [v for v in values if v.startswith(incomplete)]


def broken_pipe() -> int:
    # The reader went away (`| head -1`): stop quietly, and keep Python from
    # complaining again when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
