"""`recommend` and the saved `profile` it starts from."""

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from hcai_path._typer_fast import PlainCommand
from hcai_path.errors import (
    EmptyResultError,
)
from hcai_path.render import Context, Format, formatter

if TYPE_CHECKING:
    from hcai_path.models import Catalog
    from hcai_path.profile import Profile
    from hcai_path.rules import Rules
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
    IncludeStale,
    MonthsOption,
    NoHeaders,
    OutputOption,
    PathwayFormatOption,
    Quiet,
    RoleOption,
    YearsOption,
)

# ---- recommend and profile --------------------------------------------------------------------


class ProfileOptions(NamedTuple):
    """The options `recommend` and `profile set` share, as typed: what a profile holds."""

    role: str | None
    goal: list[str] | None
    budget: str | None
    months: str | None
    delivery: str | None
    country: str | None
    have: list[str] | None
    years: str | None

    def profile(self, *, rules: "Rules", catalog: "Catalog | None") -> "Profile":
        """The options resolved: every word to its id, every number checked."""
        from hcai_path.request import parse_number, profile_from_options

        years = parse_number("--years", self.years, unit="years", whole=True)
        return profile_from_options(
            role=self.role,
            goals=self.goal or (),
            budget_usd=parse_number("--budget", self.budget, unit="US dollars"),
            months=parse_number("--months", self.months, unit="months"),
            delivery=self.delivery,
            have=self.have or (),
            years=None if years is None else int(years),
            country=self.country,
            rules=rules,
            catalog=catalog,
        )


def _profile_options(
    role: RoleOption = None,
    goal: GoalOption = None,
    budget: BudgetOption = None,
    months: MonthsOption = None,
    delivery: DeliveryOption = None,
    country: CountryOption = None,
    have: HaveOption = None,
    years: YearsOption = None,
) -> None:
    """The shared options as Typer reads them: a signature only, never called."""


def with_profile_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command(options, ...)` as a Typer command whose options start with the profile's,
    written once in `_profile_options` and handed over as one ProfileOptions."""
    shared = list(inspect.signature(_profile_options).parameters.values())
    own = list(inspect.signature(command).parameters.values())[1:]

    @functools.wraps(command)
    def run(**given: Any) -> None:
        command(ProfileOptions(**{p.name: given.pop(p.name) for p in shared}), **given)

    run.__signature__ = inspect.Signature(shared + own)  # type: ignore[attr-defined]
    return run


@app.command(cls=PlainCommand)
@with_profile_options
def recommend(
    options: ProfileOptions,
    include_stale: IncludeStale = True,
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
    from hcai_path.request import build_request, recheck_saved

    fmt_ = pick_format(fmt, allowed=PATHWAY_FORMATS, output=output)
    check_output(output)
    rules = get_rules()
    catalog = get_catalog(rules)
    given = options.profile(rules=rules, catalog=catalog)
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


app.add_typer(profile_app, name="profile")


@profile_app.command("set", cls=PlainCommand)
@with_profile_options
def profile_set(options: ProfileOptions) -> None:
    """Save defaults for 'recommend' (the options you give replace the saved ones).

    \b
    Examples:
      hcai-path profile set --role nurse --goal governance --months 12
      hcai-path recommend            # uses the profile
      hcai-path recommend --months 6 # overrides one value
    """
    from hcai_path.profile import Profile, load_profile, save_profile

    rules = get_rules()
    given = options.profile(rules=rules, catalog=get_catalog(rules) if options.have else None)
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
