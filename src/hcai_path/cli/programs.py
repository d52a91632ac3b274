"""`list`, `show` and `compare`: the catalog, filtered, one program, several side by side."""

from typing import TYPE_CHECKING, Annotated

import typer

from hcai_path._typer_fast import PlainCommand
from hcai_path.errors import (
    EXIT_EMPTY,
    UsageError,
)
from hcai_path.models import CREDENTIALS, DELIVERIES, STALE_AFTER_MONTHS
from hcai_path.render import Context, formatter
from hcai_path.request import SORTS, TYPES

if TYPE_CHECKING:
    from hcai_path.models import Program
from hcai_path.cli.app import app
from hcai_path.cli.io import (
    _static,
    check_output,
    complete_ids,
    complete_roles,
    complete_topics,
    emit,
    fail,
    find_program,
    get_catalog,
    get_rules,
    pick_format,
    today,
    warn,
)
from hcai_path.cli.options import (
    LIST_FORMATS,
    RECORD_FORMATS,
    FormatOption,
    IncludeStale,
    ListFormatOption,
    NoHeaders,
    OutputOption,
    Quiet,
    repeatable,
)

# ---- list / show / compare ------------------------------------------------------------------


@app.command("list", cls=PlainCommand)
def list_programs(
    type_: Annotated[
        list[str] | None,
        repeatable(
            "--type",
            "-t",
            help="academic, professional or executive",
            metavar="TYPE",
            complete=_static(TYPES),
        ),
    ] = None,
    credential: Annotated[
        list[str] | None,
        repeatable(
            help="doctorate, masters, graduate-certificate, certificate, "
            "certification, specialization or course",
            metavar="CREDENTIAL",
            complete=_static(CREDENTIALS),
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        repeatable(
            help="A topic; see 'hcai-path topics'", metavar="TOPIC", complete=complete_topics
        ),
    ] = None,
    role: Annotated[
        list[str] | None,
        repeatable(
            help="Made for this role or family; see 'hcai-path roles'",
            metavar="ROLE",
            complete=complete_roles,
        ),
    ] = None,
    delivery: Annotated[
        list[str] | None,
        repeatable(
            help="online, in-person or hybrid", metavar="DELIVERY", complete=_static(DELIVERIES)
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            help="Only programs you can take there: online, or taught in COUNTRY (a code or a "
            "name).",
            metavar="COUNTRY",
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
        str | None, typer.Option(help="Only programs of known cost at most USD.", metavar="USD")
    ] = None,
    max_months: Annotated[
        str | None,
        typer.Option(help="Only programs of known duration at most N months.", metavar="N"),
    ] = None,
    include_stale: IncludeStale = True,
    sort: Annotated[
        str | None,
        typer.Option(
            help="name, cost, months or verified (newest first); default: catalog order.",
            metavar="KEY",
            autocompletion=_static(SORTS),
        ),
    ] = None,
    fmt: ListFormatOption = "auto",
    no_headers: NoHeaders = False,
    output: OutputOption = None,
    quiet: Quiet = False,
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
    from hcai_path.request import build_filter, parse_number, resolve_sort

    fmt_ = pick_format(fmt, allowed=LIST_FORMATS, output=output)
    check_output(output)
    rules = get_rules()
    catalog = get_catalog(rules)
    wanted = build_filter(
        types=type_ or (),
        credentials=credential or (),
        topics=topic or (),
        roles=role or (),
        deliveries=delivery or (),
        country=country,
        provider=provider,
        search=search,
        max_cost=parse_number("--max-cost", max_cost, unit="US dollars"),
        max_months=parse_number("--max-months", max_months, unit="months"),
        include_stale=include_stale,
        rules=rules,
    )
    sort_key = resolve_sort(sort)
    now = today()
    selected: list[Program] = list(catalog.programs)
    if wanted is not None:
        from hcai_path.filters import filter_programs

        selected = filter_programs(selected, wanted=wanted, rules=rules, today=now)
    if sort_key:
        from hcai_path.filters import sort_programs

        selected = sort_programs(selected, key=sort_key)
    stale = sum(p.is_stale(now) for p in selected)
    if stale and not quiet:
        warn(
            f"note: {stale} of {len(selected)} programs shown are stale (verified over "
            f"{STALE_AFTER_MONTHS} months ago); --exclude-stale hides them"
        )
    ctx = Context(today=now, headers=not no_headers)
    emit(formatter(fmt_).programs(selected, ctx), output)
    if not selected:
        fail("no programs match these filters", EXIT_EMPTY)


@app.command(cls=PlainCommand)
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
    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    program = find_program(get_catalog(), program_id)
    emit(formatter(fmt_).program(program, Context(today=today(), headers=not no_headers)))


@app.command(cls=PlainCommand)
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
    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    if len(program_ids) < 2:
        raise UsageError("compare needs at least two program ids")
    catalog = get_catalog()
    programs = [find_program(catalog, i) for i in program_ids]
    emit(formatter(fmt_).compare(programs, Context(today=today(), headers=not no_headers)))
