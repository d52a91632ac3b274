"""`recommend` and the saved `profile` it starts from."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from hcai_path._typer_fast import PlainCommand
from hcai_path.errors import (
    EmptyResultError,
)
from hcai_path.models import STALE_AFTER_MONTHS
from hcai_path.render import Context, Format, formatter

if TYPE_CHECKING:
    pass
from hcai_path.cli import io
from hcai_path.cli.app import app, profile_app
from hcai_path.cli.io import check_output, emit, get_catalog, get_rules, pick_format, warn
from hcai_path.cli.options import (
    PATHWAY_FORMATS,
    RECORD_FORMATS,
    BudgetOption,
    CountryOption,
    DeliveryOption,
    FormatOption,
    GoalOption,
    HaveOption,
    MonthsOption,
    NoHeaders,
    OutputOption,
    PathwayFormatOption,
    Quiet,
    RoleOption,
    YearsOption,
)

# ---- recommend and profile --------------------------------------------------------------------


@app.command(cls=PlainCommand)
def recommend(
    role: RoleOption = None,
    goal: GoalOption = None,
    budget: BudgetOption = None,
    months: MonthsOption = None,
    delivery: DeliveryOption = None,
    country: CountryOption = None,
    have: HaveOption = None,
    years: YearsOption = None,
    include_stale: Annotated[
        bool,
        typer.Option(
            "--include-stale/--exclude-stale",
            help=f"Consider programs verified over {STALE_AFTER_MONTHS} months ago, "
            "or leave them out.",
        ),
    ] = True,
    fmt: PathwayFormatOption = "auto",
    no_headers: NoHeaders = False,
    output: OutputOption = None,
    quiet: Quiet = False,
) -> None:
    """Recommend a pathway: the recognised route for your role and goals, then the
    best-fitting programs, each step explained; with degree options, alternatives and
    programs to also consider.

    Options you leave out come from your saved profile ('hcai-path profile set').

    \b
    Examples:
      hcai-path recommend --role nurse --goal informatics --years 3
      hcai-path recommend --role physician --goal clinical-nlp --budget 5000 --delivery online
      hcai-path recommend --role rn --goal governance --months 12 --format markdown > plan.md
      hcai-path recommend --role ds --goal imaging --format json | jq '.steps[].program.id'
      hcai-path recommend --role pharmacist --country US --output plan.svg
    """
    from hcai_path.profile import load_profile, profile_path
    from hcai_path.recommend import recommend as build_pathway
    from hcai_path.render.pathway_text import side_lines
    from hcai_path.request import build_request, profile_from_options, recheck_saved

    fmt_ = pick_format(fmt, allowed=PATHWAY_FORMATS, output=output)
    check_output(output)
    rules = get_rules()
    catalog = get_catalog(rules)
    given = profile_from_options(
        role=role,
        goals=goal or (),
        have=have or (),
        delivery=delivery,
        country=country,
        rules=rules,
        catalog=catalog,
        **_numbers(budget, months, years),
    )
    saved = load_profile()
    wanted = given
    if saved is not None:
        merged = saved.merged(given)
        if merged.role is not None:
            wanted = recheck_saved(merged, rules=rules, catalog=catalog, path=profile_path())
    request = build_request(wanted, catalog=catalog, include_stale=include_stale)
    now = io.today()
    pathway = build_pathway(programs=catalog.programs, rules=rules, request=request, today=now)
    ctx = Context(today=now, headers=not no_headers, rules=rules)
    emit(formatter(fmt_).pathway(pathway, ctx), output)
    if fmt_ is not Format.TABLE and not quiet:
        # What the table shows beside the steps, for a pipe's reader (the data stays clean).
        for line in side_lines(pathway, rules):
            warn(line)


def _numbers(budget: str | None, months: str | None, years: str | None) -> dict[str, Any]:
    from hcai_path.request import parse_number

    parsed_years = parse_number("--years", years, unit="years", whole=True)
    return {
        "budget": parse_number("--budget", budget, unit="US dollars"),
        "months": parse_number("--months", months, unit="months"),
        "years": None if parsed_years is None else int(parsed_years),
    }


app.add_typer(profile_app, name="profile")


@profile_app.command("set", cls=PlainCommand)
def profile_set(
    role: RoleOption = None,
    goal: GoalOption = None,
    budget: BudgetOption = None,
    months: MonthsOption = None,
    delivery: DeliveryOption = None,
    country: CountryOption = None,
    have: HaveOption = None,
    years: YearsOption = None,
) -> None:
    """Save defaults for 'recommend' (the options you give replace the saved ones).

    \b
    Examples:
      hcai-path profile set --role nurse --goal governance --months 12
      hcai-path recommend            # uses the profile
      hcai-path recommend --months 6 # overrides one value
    """
    from hcai_path.profile import Profile, load_profile, save_profile
    from hcai_path.request import profile_from_options

    rules = get_rules()
    given = profile_from_options(
        role=role,
        goals=goal or (),
        delivery=delivery,
        have=have or (),
        country=country,
        rules=rules,
        catalog=get_catalog(rules) if have else None,
        **_numbers(budget, months, years),
    )
    saved = load_profile() or Profile()
    warn(f"saved {save_profile(saved.merged(given))}")


@profile_app.command("show", cls=PlainCommand)
def profile_show(fmt: FormatOption = "auto", no_headers: NoHeaders = False) -> None:
    """Show the saved profile.

    \b
    Example:
      hcai-path profile set --role nurse --goal informatics
      hcai-path profile show --format json
    """
    from hcai_path.profile import load_profile, profile_path

    fmt_ = pick_format(fmt, allowed=RECORD_FORMATS)
    saved = load_profile()
    if saved is None:
        if fmt_ is Format.JSON:
            emit("{}\n")
        raise EmptyResultError(
            f"no saved profile ({profile_path()}); create one with 'hcai-path profile set'"
        )
    ctx = Context(today=io.today(), headers=not no_headers)
    emit(formatter(fmt_).record(saved.to_toml_dict(), ctx))


@profile_app.command("clear", cls=PlainCommand)
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
