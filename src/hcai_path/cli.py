"""The command line: wires options to the core, renders, and maps errors to exit codes.

This is the only module that exits. Heavy modules (pydantic, Rich, tomllib) are imported
inside the commands that need them, so a machine format pays only for what it uses.
"""

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec, TypeVar, cast

import typer

from hcai_path import __version__
from hcai_path.errors import (
    EXIT_DATA,
    EXIT_EMPTY,
    DataFileError,
    EmptyResultError,
    HcaiError,
    UsageError,
)
from hcai_path.models import Credential, Delivery, ProgramType
from hcai_path.render import Format

if TYPE_CHECKING:
    from hcai_path.models import Catalog, Program
    from hcai_path.rules import Rules

P = ParamSpec("P")
R = TypeVar("R")

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
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Check catalog and rules files.\n\n\b\nExample:\n"
    "  hcai-path catalog validate my-programs.toml",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


class State:
    """Global options, set by the callback before any command runs."""

    catalog_path: str | None = None
    rules_path: str | None = None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def today() -> dt.date:
    return dt.date.today()


# ---- errors and output -------------------------------------------------------------------


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


def handled(func: Callable[P, R]) -> Callable[P, R]:
    """Report domain errors as `error: ...` with the contract's exit code (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DataFileError as e:
            for problem in e.problems[:50]:
                warn(f"error: {problem}")
            if len(e.problems) > 50:
                warn(f"error: ... and {len(e.problems) - 50} more problems")
            hint = (
                "run 'hcai-path catalog validate' for the full list" if len(e.problems) > 50 else ""
            )
            if hint:
                warn(hint)
            raise typer.Exit(EXIT_DATA) from None
        except EmptyResultError as e:
            fail(str(e), EXIT_EMPTY)
        except HcaiError as e:
            fail(str(e), e.exit_code)

    return wrapper


def emit(text: str | Iterable[str], output: str | None = None) -> None:
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
            raise typer.Exit(_broken_pipe()) from None
        return
    if not isinstance(text, str):
        text = "".join(text)
    from hcai_path.fsutil import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise EmptyResultError(f"cannot write {output}: {e.strerror}") from None
        raise UsageError(f"cannot write {output}: {e.strerror}") from None


FORMAT_BY_SUFFIX = {
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".md": Format.MARKDOWN,
    ".toml": Format.TOML,
}


def pick_format(value: str, *, allowed: Sequence[Format], output: str | None = None) -> Format:
    from hcai_path.vocab import normalize, resolve

    if normalize(value) == Format.TOML and Format.TOML not in allowed:
        raise UsageError(
            "--format toml is only for 'list'; choose from " + ", ".join(f.value for f in allowed)
        )
    fmt = Format(resolve(value, {f.value: () for f in allowed}, what="format"))
    if fmt is Format.AUTO:
        if output is not None:
            suffix = os.path.splitext(output)[1].lower()
            guessed = FORMAT_BY_SUFFIX.get(suffix, Format.TSV)
            return guessed if guessed in allowed else Format.TSV
        return Format.TABLE if sys.stdout.isatty() else Format.TSV
    return fmt


RECORD_FORMATS = tuple(f for f in Format if f is not Format.TOML)

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


def table_text(columns: Sequence[str], rows: Sequence[Sequence[str]], **options: Any) -> str:
    """`hcai_path.table.table_text`, remembered in the cache folder.

    Rich takes over 100 ms to lay out a 79-row table (more than all of the rest of a run); the
    same rows for the same terminal give the same text, so a repeated command reuses it. The key
    holds everything the text depends on: the rows and options, whether stdout is a terminal
    and its size, the environment Rich reads, and the installed Rich and table.py.
    """
    import shutil

    from hcai_path import catalog

    is_tty = sys.stdout.isatty()
    identity = (
        list(columns),
        [list(row) for row in rows],
        sorted(options.items()),
        is_tty,
        tuple(shutil.get_terminal_size((100, 24))) if is_tty else None,
        [os.environ.get(name) for name in _RICH_ENVIRONMENT],
        sys.platform,
        _module_stamp("rich"),
        _module_stamp("hcai_path.table"),
    )
    key = catalog.cache_key(b"table", repr(identity).encode("utf-8", "surrogatepass"))
    cached = catalog.cache_get(key)
    if isinstance(cached, str):
        return cached
    from hcai_path.table import table_text as render_table

    text = render_table(columns, rows, **options)
    if len(text) <= MAX_CACHED_TABLE:
        catalog.cache_put(key, text)
    return text


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


# ---- data ---------------------------------------------------------------------------------


def get_rules() -> "Rules":
    from hcai_path.catalog import load_rules

    return load_rules(State.rules_path)


def get_catalog(rules: "Rules | None" = None) -> "Catalog":
    from hcai_path.catalog import load_catalog

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


def _static(values: Sequence[str]) -> Callable[[str], list[str]]:
    return lambda incomplete: [v for v in values if v.startswith(incomplete)]


TYPES = tuple(t.value for t in ProgramType)
CREDENTIALS = tuple(c.value for c in Credential)
DELIVERIES = tuple(d.value for d in Delivery)
SORTS = ("name", "cost", "months", "verified")

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="auto (table on a terminal, else tsv), table, json, jsonl, csv, tsv, markdown.",
        autocompletion=_static([f.value for f in RECORD_FORMATS]),
        show_default=True,
    ),
]
NoHeaders = Annotated[bool, typer.Option("--no-headers", help="Omit the csv/tsv header row.")]


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


# ---- list / show / compare ------------------------------------------------------------------


def _resolve_all(
    values: Sequence[str] | None, choices: Mapping[str, Sequence[str]], what: str
) -> set[str]:
    from hcai_path.vocab import resolve

    return {resolve(v, choices, what=what) for v in values or ()}


@app.command("list")
@handled
def list_programs(
    type_: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="academic, professional or executive (repeatable).",
            autocompletion=_static(TYPES),
        ),
    ] = None,
    credential: Annotated[
        list[str] | None,
        typer.Option(
            help="doctorate, masters, graduate-certificate, certificate, "
            "certification, specialization or course (repeatable).",
            autocompletion=_static(CREDENTIALS),
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            help="A topic id; see 'hcai-path topics' (repeatable).", autocompletion=complete_topics
        ),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            help="A role or family; see 'hcai-path roles' (repeatable).",
            autocompletion=complete_roles,
        ),
    ] = None,
    delivery: Annotated[
        list[str] | None,
        typer.Option(
            help="online, in-person or hybrid (repeatable).", autocompletion=_static(DELIVERIES)
        ),
    ] = None,
    provider: Annotated[
        str | None, typer.Option(help="Only providers whose name contains TEXT.", metavar="TEXT")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            help="Only programs whose id, name, provider, topics or prerequisites contain TEXT.",
            metavar="TEXT",
        ),
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(help="Only programs of known cost at most USD.", metavar="USD", min=0),
    ] = None,
    max_months: Annotated[
        float | None,
        typer.Option(help="Only programs of known duration at most N months.", metavar="N", min=0),
    ] = None,
    include_stale: Annotated[
        bool,
        typer.Option(
            "--include-stale/--exclude-stale",
            help="Show programs verified over 18 months ago (marked), or hide them.",
        ),
    ] = True,
    sort: Annotated[
        str | None,
        typer.Option(
            help="name, cost, months or verified (newest first); default: catalog order.",
            autocompletion=_static(SORTS),
        ),
    ] = None,
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file atomically instead of stdout.",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """List the catalog, filtered. Filters combine: OR within one, AND across.

    \b
    Examples:
      hcai-path list --type academic
      hcai-path list --topic imaging --topic clinical-nlp --delivery online
      hcai-path list --max-cost 1000 --sort cost --format json | jq -r '.[].id'
      hcai-path list --role nurse | cut -f2
      hcai-path list --type executive --format toml --output executive.toml
    """
    from hcai_path.vocab import resolve

    fmt_ = pick_format(fmt, allowed=list(Format), output=output)
    rules = get_rules()
    catalog = get_catalog(rules)
    topics_choice = dict.fromkeys(rules.topics, ())
    roles_choice = {
        **{r.id: r.aliases for r in rules.roles.values()},
        **dict.fromkeys(rules.families, ()),
    }
    wanted: dict[str, Any] = {
        "types": _resolve_all(type_, dict.fromkeys(TYPES, ()), "type"),
        "credentials": _resolve_all(credential, dict.fromkeys(CREDENTIALS, ()), "credential"),
        "topics": _resolve_all(topic, topics_choice, "topic"),
        "roles": _resolve_all(role, roles_choice, "role"),
        "deliveries": _resolve_all(delivery, dict.fromkeys(DELIVERIES, ()), "delivery"),
        "provider": provider,
        "search": search,
        "max_cost": max_cost,
        "max_months": max_months,
        "include_stale": include_stale,
    }
    sort_key = resolve(sort, dict.fromkeys(SORTS, ()), what="sort key") if sort else None
    now = today()
    selected: list[Program]
    given = [bool(v) if isinstance(v, set) else v is not None for v in wanted.values()]
    if any(given[:-1]) or not include_stale:  # (0 is a given --max-cost)
        from hcai_path.filters import ProgramFilter, filter_programs

        selected = filter_programs(
            catalog.programs, wanted=ProgramFilter(**wanted), rules=rules, today=now
        )
    else:  # no filter: the whole catalog (filters.py and its dataclass are not even imported)
        selected = list(catalog.programs)
    if sort_key:
        from hcai_path.filters import sort_programs

        selected = sort_programs(selected, key=sort_key)
    stale = sum(p.is_stale(now) for p in selected)
    if stale:
        warn(
            f"note: {stale} of {len(selected)} programs shown are stale (verified over 18 "
            "months ago); --exclude-stale hides them"
        )
    emit(render_programs(selected, fmt=fmt_, headers=not no_headers, today=now), output)
    if not selected:
        fail("no programs match these filters", EXIT_EMPTY)


def render_programs(
    programs: "Sequence[Program]", *, fmt: Format, headers: bool, today: dt.date
) -> str | Iterator[str]:
    from hcai_path import render

    if fmt is Format.JSON:
        return render.programs_json(programs, today)
    if fmt is Format.JSONL:
        return render.to_jsonl([render.program_record(p, today) for p in programs])
    if fmt is Format.TOML:
        return render.programs_toml(programs)
    if fmt is Format.MARKDOWN:
        return render.programs_markdown(programs, today=today, title="hcai-path catalog")
    if fmt is Format.TABLE:
        if not programs:
            return ""
        rows = [
            [
                p.id,
                p.name,
                f"{p.type}\n{p.credential}",
                p.delivery,
                render.months(p.duration_months).removesuffix(" mo"),
                render.money(p.cost_usd),
                p.verified.isoformat() + (" !" if p.is_stale(today) else ""),
            ]
            for p in programs
        ]
        columns = ["id", "name", "type", "delivery", "months", "cost (USD)", "verified"]
        caption = (
            f"{plural(len(programs), 'program')}; ! = stale (verified over 18 months ago); "
            "'hcai-path show ID' for details"
        )
        return table_text(
            columns,
            rows,
            dim_rows=[p.is_stale(today) for p in programs],
            no_wrap=["delivery", "months", "cost (USD)", "verified"],
            caption=caption,
        )
    return render.programs_delimited(programs, today=today, fmt=fmt, headers=headers)


@app.command()
@handled
def show(
    program_id: Annotated[
        str, typer.Argument(metavar="ID", help="A program id.", autocompletion=complete_ids)
    ],
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
) -> None:
    """Show one program in full, with its sources and how fresh they are.

    \b
    Examples:
      hcai-path show hms-aim-phd
      hcai-path show amia-ahic --format json | jq .eligibility
    """
    from hcai_path import render

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    catalog = get_catalog()
    program = find_program(catalog, program_id)
    now = today()
    if fmt_ is Format.JSON:
        emit(render.to_json(render.program_record(program, now)))
    elif fmt_ is Format.MARKDOWN:
        emit(render.program_markdown(program, today=now))
    elif fmt_ is Format.TABLE:
        record = render.program_record(program, now)
        rows = [[key, render.detail_value(record, key)] for key in render.DETAIL_FIELDS]
        emit(table_text(["field", "value"], rows, title=program.name, no_wrap=["field"]))
    else:
        emit(render_programs([program], fmt=fmt_, headers=not no_headers, today=now))


@app.command()
@handled
def compare(
    program_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID ID [ID...]", help="Two or more program ids.", autocompletion=complete_ids
        ),
    ],
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
) -> None:
    """Compare programs side by side, one column per program.

    \b
    Examples:
      hcai-path compare amia-ahic ancc-informatics-nursing
      hcai-path compare hms-aim-phd jhu-clinical-informatics-pbc --format markdown
    """
    from hcai_path import render

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    if len(program_ids) < 2:
        raise UsageError("compare needs at least two program ids")
    catalog = get_catalog()
    programs = [find_program(catalog, i) for i in program_ids]
    now = today()
    if fmt_ is Format.JSON:
        emit(render.to_json([render.program_record(p, now) for p in programs]))
    elif fmt_ is Format.JSONL:
        emit(render.to_jsonl([render.program_record(p, now) for p in programs]))
    elif fmt_ is Format.MARKDOWN:
        emit(render.compare_markdown(programs, today=now))
    elif fmt_ is Format.TABLE:
        records = [render.program_record(p, now) for p in programs]
        rows = [
            [key, *(render.detail_value(r, key) for r in records)] for key in render.DETAIL_FIELDS
        ]
        emit(table_text(["field", *(p.id for p in programs)], rows, no_wrap=["field"]))
    else:
        emit(render.compare_delimited(programs, today=now, fmt=fmt_, headers=not no_headers))


# ---- recommend and profile --------------------------------------------------------------------

RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        help="Your role or role family; see 'hcai-path roles'.",
        autocompletion=complete_roles,
    ),
]
GoalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--goal",
        "-g",
        help="A goal (repeatable); see 'hcai-path goals'. Default: your role's usual goals.",
        autocompletion=complete_goals,
    ),
]
BudgetOption = Annotated[
    float | None,
    typer.Option(
        "--budget", help="Most you will spend in total, in US dollars.", metavar="USD", min=0
    ),
]
MonthsOption = Annotated[
    float | None,
    typer.Option(
        "--months", help="Most months all steps may take, one after another.", metavar="N", min=0
    ),
]
DeliveryOption = Annotated[
    str | None,
    typer.Option(
        "--delivery",
        help="online, in-person or hybrid: every step must match.",
        autocompletion=_static(DELIVERIES),
    ),
]
HaveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--have",
        help="A program id or degree you already hold (repeatable); see 'hcai-path degrees'.",
        autocompletion=complete_have,
    ),
]
YearsOption = Annotated[
    int | None,
    typer.Option(
        "--years",
        help="Years of relevant work experience (for exam eligibility).",
        metavar="N",
        min=0,
    ),
]


def profile_from_options(
    *,
    role: str | None,
    goal: Sequence[str] | None,
    budget: float | None,
    months: float | None,
    delivery: str | None,
    have: Sequence[str] | None,
    years: int | None,
    rules: "Rules",
    catalog: "Catalog | None",
) -> Any:
    """Options as a Profile, every vocabulary value resolved to its id (usage errors exit 2)."""
    import math

    from hcai_path.profile import Profile
    from hcai_path.vocab import resolve

    for flag, number in (("--budget", budget), ("--months", months)):
        if number is not None and not math.isfinite(number):
            raise UsageError(f"{flag} must be a finite number")
    role_id = None
    if role is not None:
        role_id = resolve(role, _role_choices(rules), what="role")
    goals = tuple(
        dict.fromkeys(
            resolve(g, {x.id: x.aliases for x in rules.goals.values()}, what="goal")
            for g in goal or ()
        )
    )
    delivery_id = (
        resolve(delivery, dict.fromkeys(DELIVERIES, ()), what="delivery") if delivery else None
    )
    held = tuple(dict.fromkeys(_resolve_have(h, rules, catalog) for h in have or ()))
    return Profile(
        role=role_id,
        goals=goals,
        budget_usd=budget,
        months=months,
        delivery=delivery_id,
        have=held,
        years=years,
    )


def recheck_saved(wanted: Any, *, rules: "Rules", catalog: "Catalog | None") -> Any:
    """A saved profile may name what the data no longer has: that is a data error in the file."""
    from hcai_path.errors import Problem
    from hcai_path.profile import profile_path

    try:
        return profile_from_options(
            role=wanted.role,
            goal=wanted.goals,
            budget=wanted.budget_usd,
            months=wanted.months,
            delivery=wanted.delivery,
            have=wanted.have,
            years=wanted.years,
            rules=rules,
            catalog=catalog,
        )
    except UsageError as e:
        fix = "fix it with 'hcai-path profile set' or 'hcai-path profile clear'"
        raise DataFileError([Problem(profile_path(), f"{e}; {fix}")]) from None


def _role_choices(rules: "Rules") -> dict[str, Sequence[str]]:
    return {**{r.id: r.aliases for r in rules.roles.values()}, **dict.fromkeys(rules.families, ())}


def _resolve_have(value: str, rules: "Rules", catalog: "Catalog | None") -> str:
    from hcai_path.vocab import normalize, resolve

    wanted = normalize(value)
    if catalog is not None and wanted in catalog.by_id():
        return wanted
    choices: dict[str, Sequence[str]] = {d.id: d.aliases for d in rules.degrees.values()}
    if catalog is not None:
        choices.update({p.id: () for p in catalog.programs})
    return resolve(value, choices, what="program id or degree")


@app.command()
@handled
def recommend(
    role: RoleOption = None,
    goal: GoalOption = None,
    budget: BudgetOption = None,
    months: MonthsOption = None,
    delivery: DeliveryOption = None,
    have: HaveOption = None,
    years: YearsOption = None,
    include_stale: Annotated[
        bool,
        typer.Option(
            "--include-stale/--exclude-stale",
            help="Consider programs verified over 18 months ago, or leave them out.",
        ),
    ] = True,
    fmt: FormatOption = "auto",
    no_headers: NoHeaders = False,
) -> None:
    """Recommend a pathway: a degree foundation plus specialized certificates.

    Options you leave out come from your saved profile ('hcai-path profile set').

    \b
    Examples:
      hcai-path recommend --role nurse
      hcai-path recommend --role physician --goal clinical-nlp --budget 5000 --delivery online
      hcai-path recommend --role rn --goal governance --months 12 --format markdown > plan.md
      hcai-path recommend --role ds --goal imaging --format json | jq '.steps[].program.id'
    """
    from hcai_path.profile import load_profile
    from hcai_path.recommend import Request
    from hcai_path.recommend import recommend as build_pathway
    from hcai_path.render_pathway import render_pathway

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    rules = get_rules()
    catalog = get_catalog(rules)
    given = profile_from_options(
        role=role,
        goal=goal,
        budget=budget,
        months=months,
        delivery=delivery,
        have=have,
        years=years,
        rules=rules,
        catalog=catalog,
    )
    saved = load_profile()
    wanted = saved.merged(given) if saved is not None else given
    if wanted.role is None:
        raise UsageError("--role is required (or save one with 'hcai-path profile set --role R')")
    if saved is not None:
        wanted = recheck_saved(wanted, rules=rules, catalog=catalog)
    by_id = catalog.by_id()
    request = Request(
        role=cast(str, wanted.role),  # not None: checked above
        goals=wanted.goals,
        budget_usd=wanted.budget_usd,
        months=wanted.months,
        delivery=wanted.delivery,
        have_programs=tuple(h for h in wanted.have if h in by_id),
        have_degrees=tuple(h for h in wanted.have if h not in by_id),
        years=wanted.years,
        exclude_stale=not include_stale,
        have=wanted.have,
    )
    now = today()
    pathway = build_pathway(programs=catalog.programs, rules=rules, request=request, today=now)
    emit(render_pathway(pathway, fmt=fmt_, rules=rules, today=now, headers=not no_headers))


profile_app = typer.Typer(
    help="Saved defaults for 'recommend'.\n\n\b\nExample:\n"
    "  hcai-path profile set --role nurse --budget 5000",
    no_args_is_help=True,
)
app.add_typer(profile_app, name="profile")


@profile_app.command("set")
@handled
def profile_set(
    role: RoleOption = None,
    goal: GoalOption = None,
    budget: BudgetOption = None,
    months: MonthsOption = None,
    delivery: DeliveryOption = None,
    have: HaveOption = None,
    years: YearsOption = None,
) -> None:
    """Save defaults for 'recommend' (the options you give replace the saved ones).

    \b
    Examples:
      hcai-path profile set --role nurse --goal governance --budget 5000
      hcai-path recommend            # uses the profile
      hcai-path recommend --months 6 # overrides one value
    """
    from hcai_path.profile import Profile, load_profile, save_profile

    rules = get_rules()
    catalog = get_catalog(rules) if have else None
    given = profile_from_options(
        role=role,
        goal=goal,
        budget=budget,
        months=months,
        delivery=delivery,
        have=have,
        years=years,
        rules=rules,
        catalog=catalog,
    )
    saved = load_profile() or Profile()
    path = save_profile(saved.merged(given))
    warn(f"saved {path}")


@profile_app.command("show")
@handled
def profile_show(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """Show the saved profile.

    \b
    Example:
      hcai-path profile show --format json
    """
    from hcai_path import render
    from hcai_path.profile import load_profile, profile_path

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    saved = load_profile()
    if saved is None:
        if fmt_ is Format.JSON:
            emit("{}\n")
        fail(
            f"no saved profile ({profile_path()}); create one with 'hcai-path profile set'",
            EXIT_EMPTY,
        )
    record = saved.to_toml_dict()
    if fmt_ is Format.JSON:
        emit(render.to_json(record))
    elif fmt_ is Format.JSONL:
        emit(render.to_jsonl([record]))
    else:
        rows = [[k, v] for k, v in record.items()]
        emit_vocabulary(["key", "value"], rows, fmt=fmt_.value, no_headers=no_headers)


@profile_app.command("clear")
@handled
def profile_clear() -> None:
    """Delete the saved profile.

    \b
    Example:
      hcai-path profile clear
    """
    from hcai_path.profile import clear_profile, profile_path

    if clear_profile():
        warn(f"removed {profile_path()}")
    else:
        warn(f"no saved profile ({profile_path()})")


# ---- vocabularies ---------------------------------------------------------------------------


def emit_vocabulary(
    header: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str, no_headers: bool
) -> None:
    from hcai_path import render

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    if fmt_ is Format.TABLE:
        emit(
            table_text(
                list(header), [[render.cell(v) for v in row] for row in rows], no_wrap=[header[0]]
            )
        )
    else:
        emit(render.vocabulary_output(header, rows, fmt=fmt_, headers=not no_headers))


@app.command()
@handled
def roles(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the roles and role families, with aliases and meanings.

    \b
    Example:
      hcai-path roles --format json | jq -r '.[].id'
    """
    rules = get_rules()
    rows: list[list[Any]] = [[f.id, "family", [], f.meaning] for f in rules.families.values()]
    rows += [[r.id, r.family, list(r.aliases), r.meaning] for r in rules.roles.values()]
    emit_vocabulary(["id", "family", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command()
@handled
def goals(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the goals a pathway can aim at, with aliases and meanings.

    \b
    Example:
      hcai-path goals
    """
    rules = get_rules()
    rows = [[g.id, list(g.aliases), g.meaning] for g in rules.goals.values()]
    emit_vocabulary(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command()
@handled
def types(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the three pathway types: academic, professional, executive.

    \b
    Example:
      hcai-path types --format tsv
    """
    from hcai_path.models import TYPE_MEANINGS

    rows = [[k, [], v] for k, v in TYPE_MEANINGS.items()]
    emit_vocabulary(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command()
@handled
def topics(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the catalog's topics and the competencies each builds.

    \b
    Example:
      hcai-path topics --format csv
    """
    rules = get_rules()
    rows = [[t_.id, list(t_.competencies), t_.meaning] for t_ in rules.topics.values()]
    emit_vocabulary(["id", "competencies", "meaning"], rows, fmt=fmt, no_headers=no_headers)


@app.command()
@handled
def degrees(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """List the degrees you can name with --have, with aliases.

    \b
    Example:
      hcai-path degrees
    """
    rules = get_rules()
    rows = [[d.id, list(d.aliases), d.name] for d in rules.degrees.values()]
    emit_vocabulary(["id", "aliases", "meaning"], rows, fmt=fmt, no_headers=no_headers)


# ---- catalog validate ----------------------------------------------------------------------


@catalog_app.command("validate")
@handled
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
      hcai-path catalog validate my-programs.toml data/rules.toml
    """
    from hcai_path.catalog import shipped_data_path, validate_paths

    targets = list(paths or [])
    if not targets:
        targets = [
            State.catalog_path or shipped_data_path("programs.toml"),
            State.rules_path or shipped_data_path("rules.toml"),
        ]
    problems = validate_paths(targets, rules_path=State.rules_path, today=today())
    for problem in problems:
        warn(f"error: {problem}")
    if problems:
        fail(f"{len(problems)} problem(s) in {len(targets)} file(s)", EXIT_DATA)
    warn(f"ok: {len(targets)} file(s) valid")


# ---- entry point ----------------------------------------------------------------------------


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI as a process: every failure becomes an exit code, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    code = 0
    try:
        command = root_command()
        result = command.main(args, prog_name="hcai-path", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("\ninterrupted\n")
        code = 130
    except BrokenPipeError:
        code = _broken_pipe()
    except HcaiError as e:
        warn(f"error: {e}")
        code = e.exit_code
    except OSError as e:
        if os.environ.get("HCAI_PATH_DEBUG"):
            raise
        sys.stderr.write(f"error: cannot write output: {e.strerror or e}\n")
        code = EXIT_EMPTY
    except Exception as e:
        code = _framework_exit(e)
    if argv is None:  # a process of its own (not a test calling run)
        _ignore_late_interrupts()
    _exit(code)


def _ignore_late_interrupts() -> None:
    """The work is done and written: a Ctrl-C while Python shuts down would only turn this
    finished run into a death by signal (exit -2, no message), so it is ignored from now on."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


class _LazyCommands(MutableMapping[str, Any]):
    """The subcommands of the root group, each built by Typer on first lookup.

    Typer builds every command (signatures, type hints, parameters) before parsing, which costs
    more at start-up than everything else hcai-path does for a small catalog; a run needs one.
    Help, completion and "did you mean" still see every name, in registration order.
    """

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            command = self._builders[name]()  # KeyError for an unknown name
            _defer_coercion(command)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._builders[name] = lambda: command
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


class _DeferredCoercion:
    """Typer's coercion of one parameter, built only when it has work to do.

    Typer builds a pydantic TypeAdapter for every parameter of the command, given or not, and
    the first one imports pydantic (about a third of the start-up). None (an option left
    out), a str for a `str` option, a bool for a `bool` one and strs for a `list[str]` one
    come out of Typer's coercion as they went in (as a list for the last); only other values,
    numbers from text for example, need it, and they get it, error messages included.
    """

    __slots__ = ("_real",)

    def __init__(self) -> None:
        self._real: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        if self._real is None:
            descriptor = param.type_descriptor
            info = descriptor.parameter_info
            if descriptor.file_annotation is None and info.parser is None:
                plain = _as_typer_would(value, descriptor.annotation, info)
                if plain is not _NOT_PLAIN:
                    return plain
            from typer._coercion import build_runtime_param

            self._real = build_runtime_param(descriptor)
        return self._real.coerce(value, param=param, ctx=ctx)


_NOT_PLAIN = object()


def _as_typer_would(value: Any, annotation: Any, info: Any) -> Any:
    """What Typer's coercion makes of `value` when that is plain to see without it, else
    _NOT_PLAIN: a str for `str`, a bool for `bool`, strs for `list[str]` (as a list), and plain
    digits (with a decimal part for a float) for a number with no bound but a min of 0 or less."""
    if annotation is str or annotation is bool:
        return value if type(value) is annotation else _NOT_PLAIN
    if annotation == list[str]:
        if type(value) in (list, tuple) and all(type(item) is str for item in value):
            return list(value)
        return _NOT_PLAIN
    if annotation is not int and annotation is not float:
        return _NOT_PLAIN
    if info.max is not None or info.clamp or info.min:  # digits have no sign: min <= 0 holds
        return _NOT_PLAIN
    if type(value) is not str or not value.isascii() or len(value) > 30:
        return _NOT_PLAIN
    whole, point, part = value.partition(".")
    if annotation is int and whole.isdigit() and not point:
        return int(value)
    if annotation is float and whole.isdigit() and (not point or part.isdigit()):
        return float(value)
    return _NOT_PLAIN


def _defer_coercion(command: Any) -> None:
    for sub in getattr(command, "commands", {}).values():
        _defer_coercion(sub)
    for param in command.params:
        _defer_param(param)
    # The --help option is made when a command is parsed, and kept (Click's own cache).
    make_help_option = getattr(command, "get_help_option", None)
    if make_help_option is not None:

        def get_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            _defer_param(option)
            return option

        command.get_help_option = get_help_option


def _defer_param(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _DeferredCoercion()


def root_command() -> Any:
    """`typer.main.get_command(app)`, with subcommands built only when looked up."""
    from typer import main as typer_main

    commands, groups = app.registered_commands, app.registered_groups
    try:
        builders: dict[str, Callable[[], Any]] = {}
        for info in commands:
            assert info.callback is not None
            name = info.name or typer_main.get_command_name(info.callback.__name__)
            builders[name] = functools.partial(
                typer_main.get_command_from_info,
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        for group_info in groups:
            assert isinstance(group_info.name, str) and group_info.name not in builders
            builders[group_info.name] = functools.partial(
                typer_main.get_group_from_info,
                group_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
        app.registered_commands, app.registered_groups = [], []
        try:
            root = typer_main.get_command(app)  # the group: its callback and global options
        finally:
            app.registered_commands, app.registered_groups = commands, groups
        _defer_coercion(root)
        root.commands = _LazyCommands(builders)  # type: ignore[attr-defined]
        return root
    except Exception:  # a Typer whose internals differ: build every command, as Typer does
        return typer.main.get_command(app)


def _framework_exit(e: Exception) -> int:
    """Exit code for Click's (or Typer's vendored Click's) exceptions; a bug says so plainly."""
    show = getattr(e, "show", None)
    exit_code = getattr(e, "exit_code", None)
    if type(e).__name__ == "Abort":
        sys.stderr.write("\ninterrupted\n")
        return 130
    if isinstance(exit_code, int) and show is None:
        return exit_code  # Exit
    if isinstance(exit_code, int) and callable(show):
        show()  # ClickException: usage errors are 2, as in the contract
        return exit_code
    if os.environ.get("HCAI_PATH_DEBUG"):
        raise e
    sys.stderr.write(
        f"error: internal error: {type(e).__name__}: {e} (set HCAI_PATH_DEBUG=1 for a traceback)\n"
    )
    return EXIT_EMPTY


def _broken_pipe() -> int:
    # The reader went away (`| head -1`): stop quietly, and keep Python from
    # complaining again when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _exit(code: int) -> NoReturn:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _broken_pipe()
    except OSError as e:
        sys.stderr.write(f"error: cannot write output: {e.strerror or e}\n")
        code = code or EXIT_EMPTY
    sys.exit(code)


def _iter_commands() -> Iterator[str]:
    command = typer.main.get_command(app)
    yield from getattr(command, "commands", {})
