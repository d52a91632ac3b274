"""`catalog validate`, `catalog stats` and `catalog check-links`."""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hcai_path._typer_fast import PlainCommand
from hcai_path.errors import (
    EXIT_DATA,
    EXIT_EMPTY,
    UsageError,
)
from hcai_path.render import Context, formatter

if TYPE_CHECKING:
    pass
from hcai_path.cli import io
from hcai_path.cli.app import catalog_app
from hcai_path.cli.io import State, emit, fail, get_catalog, get_rules, pick_format, warn
from hcai_path.cli.options import RECORD_FORMATS, FormatOption, NoHeaders

# ---- catalog validate ----------------------------------------------------------------------


@catalog_app.command("validate", cls=PlainCommand)
def catalog_validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH...]",
            help="Catalog or rules files; default: the catalog and rules in use.",
        ),
    ] = None,
) -> None:
    """Check catalog and rules files and list every problem (exit 0 when clean, 3 otherwise).

    \b
    Examples:
      hcai-path catalog validate
      hcai-path list --type academic --format toml --output academic.toml
      hcai-path catalog validate academic.toml
    """
    from hcai_path.load import shipped_data_path, validate_paths

    targets = list(paths or [])
    if not targets:
        targets = [
            State.catalog_path or shipped_data_path("programs.toml"),
            State.rules_path or shipped_data_path("rules.toml"),
        ]
    problems = validate_paths(targets, rules_path=State.rules_path, today=io.today())
    for problem in problems:
        warn(f"error: {problem}")
    if problems:
        fail(f"{len(problems)} problem(s) in {len(targets)} file(s)", EXIT_DATA)
    warn(f"ok: {len(targets)} file(s) valid")


@catalog_app.command("stats", cls=PlainCommand)
def catalog_stats(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="A catalog file; default: the catalog in use."),
    ] = None,
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
) -> None:
    """Coverage of the catalog: programs by type, country and status, and the share with a
    cost, a duration, and stale (verified over 18 months ago).

    \b
    Examples:
      hcai-path catalog stats
      hcai-path catalog stats --format json | jq '.[] | select(.group == "coverage")'
    """
    from hcai_path.stats import catalog_stats as figures

    if path is not None:
        State.catalog_path = path
    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    rows = [list(f) for f in figures(get_catalog().programs, today=io.today())]
    ctx = Context(today=io.today(), headers=not no_headers)
    emit(formatter(fmt_).records(["group", "name", "programs", "share"], rows, ctx))


@catalog_app.command("check-links", cls=PlainCommand)
def catalog_check_links(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH...]", help="Catalog files; default: the catalog in use."),
    ] = None,
    timeout: Annotated[
        str, typer.Option(help="Seconds to wait for each link.", metavar="SECONDS")
    ] = "10",
    concurrency: Annotated[str, typer.Option(help="Links checked at once.", metavar="N")] = "8",
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
) -> None:
    """Check every url and source of a catalog over HTTPS (never edits the file): one record
    per link, ok, redirected (to where), not-found, gone, tls-error, timeout, ...; exit 0 when
    every link is fine, 1 when any is broken.

    \b
    Examples:
      hcai-path catalog check-links
      hcai-path catalog check-links --format json | jq -r '.[] | select(.status != "ok")'
      hcai-path catalog check-links --timeout 10 --concurrency 8
    """
    from hcai_path.load import load_catalog, shipped_data_path
    from hcai_path.request import parse_number

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    seconds = parse_number("--timeout", timeout, unit="seconds")
    at_once = parse_number("--concurrency", concurrency, unit="links", whole=True)
    if not seconds or not at_once:
        raise UsageError("--timeout and --concurrency take numbers above 0")
    rules = get_rules()
    targets = list(paths or [State.catalog_path or shipped_data_path("programs.toml")])
    triples: list[tuple[str, str, str]] = []
    for target in targets:
        programs = load_catalog(target, rules=rules, today=io.today()).programs
        triples.extend((p.id, p.url, p.source) for p in programs)
    records = _check_links(triples, timeout=seconds, concurrency=int(at_once))
    from hcai_path.links import COLUMNS, record_dict

    rows = [[record_dict(r)[c] for c in COLUMNS] for r in records]
    ctx = Context(today=io.today(), headers=not no_headers)
    emit(formatter(fmt_).records(list(COLUMNS), rows, ctx))
    broken = sum(r.is_broken for r in records)
    if broken:
        fail(f"{broken} of {len(records)} links are broken", EXIT_EMPTY)
    warn(f"ok: {len(records)} links fine")


def _check_links(triples: list[tuple[str, str, str]], *, timeout: float, concurrency: int) -> Any:
    """The records of every link, with a progress bar on stderr when it is a terminal."""
    from hcai_path.links import links_of, run_check

    links = links_of(triples)
    if not sys.stderr.isatty():
        return run_check(links, timeout=timeout, concurrency=concurrency)
    from hcai_path.render.rich_table import progress

    with progress(len(links), "checking links") as advance:
        return run_check(links, timeout=timeout, concurrency=concurrency, on_done=advance)
