"""The adviser's words: every sentence of a pathway (why each step, the notes, what to also
consider, the alternatives, the degree options, an empty answer). All prose lives here,
including the few mentions of a command-line option."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hcai_path.costs import money
from hcai_path.models import STALE_AFTER_MONTHS, Program, Request, Route, Step, Totals
from hcai_path.recommend.fit import (
    Exclusion,
    Need,
    admits,
    audience_fit,
    degree_answered,
    eligibility,
    for_role,
    relocates,
)
from hcai_path.rules import Ladder, Rules

RECOGNITION_WORDS = {
    "board-certification": "a board certification",
    "accredited-certification": "an accredited certification",
    "degree": "a degree",
    "fellowship": "a fellowship",
    "university-certificate": "a university certificate",
    "professional-certificate": "a professional certificate",
    "cme-course": "a course with CME credit",
    "mooc-certificate": "an online-course certificate",
    "open-course": "a course with no credential recorded",
}


def people(ident: str) -> str:
    """A role or family id as people: "health-leader" -> "health leaders"."""
    return ident.replace("-", " ") + "s"


def article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def join(words: Sequence[str], conjunction: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def goal_phrase(goals: Sequence[str]) -> str:
    return f"your {join(list(goals))} goal" + ("s" if len(goals) > 1 else "")


def goal_needs(goals: Sequence[str]) -> str:
    """ "your x goal needs" / "your x and y goals need" """
    return goal_phrase(goals) + (" need" if len(goals) > 1 else " needs")


def months(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"{value:g} month" + ("" if value == 1 else "s")


def competency_names(ids: Sequence[str], rules: Rules) -> list[str]:
    return [rules.competencies[c].name if c in rules.competencies else c for c in ids]


def recognition(p: Program, rules: Rules) -> str:
    rule = rules.recognition_of(p.recognition, p.credential)
    if rule.id == "fellowship" and "residency" in p.name.lower():
        return "a residency"  # a pharmacy residency: a fellowship's rank, called by its name
    return RECOGNITION_WORDS.get(rule.id, rule.id)


def degree_names(ids: Sequence[str], rules: Rules) -> str:
    """Degrees by their names ("a medical degree (MD or DO)"), joined with "or"."""
    return join([rules.degrees[d].name if d in rules.degrees else d for d in ids], "or")


def route_words(route: Route, need: Need, rules: Rules) -> str:
    """A route as "after 2 years as a nurse, with ..." (its own note last)."""
    parts = []
    if route.min_years and len(route.roles) == 1:
        who = article(route.roles[0].replace("-", " "))
        parts.append(f"after {route.min_years} years as {who}")
    elif route.min_years:
        # Not years in your role: the experience the route names (its note says which).
        parts.append(f"after {route.min_years} years of the experience it asks")
    if route.degrees:
        parts.append("with " + degree_names(route.degrees, rules))
    text = ", ".join(parts) or "open"
    return f"{text} ({route.note})" if route.note else text


# ---- why each step ----------------------------------------------------------------------


def ladder_sentence(p: Program, need: Need, rules: Rules) -> str:
    """Which recognised ladder step a program is, if any."""
    awards = rules.degree_closure(p.awards)
    for ladder in need.ladders:
        for k, step in enumerate(ladder.steps):
            if step.filled_by(p.id, awards, p.roles):
                route = f"the recognised route for {_ladder_people(ladder, need)} in " + join(
                    list(ladder.goals)
                )
                if len(ladder.steps) == 1:
                    return f"{step.label[0].upper()}{step.label[1:]} is {route}"
                # In words, not "step k of n": the pathway numbers its own steps.
                place = "The last" if k == len(ladder.steps) - 1 else _ORDINAL[k]
                return f"{place} of the {len(ladder.steps)} steps of {route}: {step.label}"
    return ""


_ORDINAL = ("The first", "The second", "The third", "The fourth", "The fifth")


def _ladder_people(ladder: Ladder, need: Need) -> str:
    return people(need.role if need.role in ladder.roles else need.family)


def step_why(
    step: Step,
    *,
    need: Need,
    rules: Rules,
    request: Request,
    today: dt.date,
    conditions: Sequence[Route],
    enabled_by: Step | None,
    enables: Sequence[Step],
    leads_to: Sequence[Step],
    earlier_awards: Sequence[str] = (),
    alike: Sequence[str] = (),
    opens: Sequence[str] = (),
) -> str:
    """Why an adviser puts this step in: route, coverage, fit, eligibility, what it leads to.
    `conditions`: the routes that wait on years the user did not give (`waiting_routes`)."""
    p = step.program
    route = ladder_sentence(p, need, rules)
    coverage = _coverage(step, need, rules)
    if route and not coverage and step.kind != "certification":
        # A route step that teaches none of the gap (a clinical informatics fellowship on the
        # imaging route, where no board certifies imaging AI): say why it is there at all.
        coverage = (
            f"It brings nothing {goal_needs(need.goals)} by itself: the route takes it for the "
            "credential it leads to"
        )
    parts = [route, coverage]
    fit = audience_fit(p, need)
    made_for = {
        3: f"made for {people(need.role)}",
        2: f"made for {people(need.family)}",
        1: f"open to anyone who wants {join([g.replace('-', ' ') for g in need.goals])}",
    }[fit]
    words = recognition(p, rules)
    parts.append(f"{words[0].upper()}{words[1:]}, {made_for}")
    if enabled_by is not None:
        source = enabled_by.program.name
        parts.append(f"you become eligible for it through step {enabled_by.order} ({source})")
    taken = _route_through(p, need, earlier_awards)
    parts.extend(
        f"open to you {route_words(route, need, rules)}; you did not say how many years of "
        "experience you have (--years), and the timeline counts study time only"
        for route in conditions[:1]
    )
    if not conditions:
        parts.extend(_entry_words(p, need, request, taken))
    parts.extend(f"it makes you eligible for step {later.order}" for later in enables)
    parts.extend(
        f"it prepares you for step {later.order}" for later in leads_to if later not in enables
    )
    parts.extend(_place_and_fees(p, step.cost_usd, request))
    if p.is_stale(today):
        parts.append(
            f"its facts were last verified on {p.verified.isoformat()}, over "
            f"{STALE_AFTER_MONTHS} months ago: check its page before you enrol"
        )
    if p.status != "active":
        found = f" ({p.status_note})" if p.status_note else ""
        parts.append(f"no current intake was found on its page{found}: check that it runs")
    if alike:
        # A route step several programs fill (fellowships, residencies): one is named, and an
        # adviser says to apply to several.
        parts.append(f"other programs fill this step too, apply to several: {join(list(alike))}")
    if opens:
        # A recognised credential the degree makes you eligible for, beside the pathway's own.
        parts.append(f"it also opens a route to {join(list(opens))}")
    return _sentences(parts)


def waiting_routes(
    p: Program,
    need: Need,
    request: Request,
    conditions: Sequence[Route],
    earlier_awards: Sequence[str],
) -> Sequence[Route]:
    """The routes it is open through only after years of experience you did not give: with
    years not given, the one through an earlier step, else the one for the degree you hold
    (AHIC's Track 2 for a PharmD, not Track 3); else those the assessment found."""
    taken = _route_through(p, need, earlier_awards)
    yours = taken or _route_through(p, need, [*need.stated_degrees, need.assumed])
    if yours is not None and request.years is None and yours.min_years:
        return [yours]
    return conditions


def _route_through(p: Program, need: Need, earlier_awards: Sequence[str]) -> Route | None:
    """The route in through a degree an earlier step of the pathway awards: the route the
    pathway takes (an MSN in nursing informatics, then NI-BC's graduate-program route).
    `earlier_awards` lists what the earlier steps award as written first, then what that
    implies, so the route named for the degree itself wins over one for what it implies."""
    routes = p.eligibility.routes if p.eligibility is not None else ()
    for degree in earlier_awards:
        for route in routes:
            if degree in route.degrees and for_role(route, need):
                return route
    return None


def _entry_words(p: Program, need: Need, request: Request, taken: Route | None) -> list[str]:
    """What its page says it asks of you (the route the pathway takes, else the first that
    admits you, and any note on all routes), so that a condition the tool cannot check is at
    least read; without eligibility routes, what its page says it expects of you."""
    if p.eligibility is None:
        # An entry bar stated in words only ("experience in programming") is still a bar.
        stated = p.prerequisites.strip().rstrip(".")
        return [f"it expects: {stated}"] if stated.lower() not in ("", "none") else []
    routes = [r for r in p.eligibility.routes if admits(r, need, request.years)]
    routes = [taken] if taken is not None else routes or list(p.eligibility.routes)
    words = [r.note for r in routes if r.note][:1]
    if p.eligibility.note:
        words.append(p.eligibility.note)
    out = [f"it asks: {'; '.join(words)}"] if words else []
    if routes and routes[0].min_years and request.years is not None:
        # Years are counted, not typed: the user's may be of another kind than it asks.
        out.append(
            f"your {request.years:g} years count only if they are the experience it names: "
            "check that yours are"
        )
    return out


def _coverage(step: Step, need: Need, rules: Rules) -> str:
    goals = [g for g in need.goals if any(rules.goals[g].needs.get(c) for c in step.closes)]
    phrase = goal_needs(goals or need.goals)
    closes = join(competency_names(step.closes, rules))
    builds = join(competency_names(step.builds, rules))
    if closes and builds:
        return f"Brings {closes} to the level {phrase}, and builds {builds}"
    if closes:
        return f"Brings {closes} to the level {phrase}"
    if builds:
        return f"Builds {builds} toward the level {phrase}"
    return ""


def _place_and_fees(p: Program, cost: float | None, request: Request) -> list[str]:
    out = []
    if relocates(p, request.country):
        out.append(
            f"it is taught {p.delivery} in {p.country or 'a place its page does not name'}: "
            "you would need to be there (--country filters by where you can study)"
        )
    if p.cost_usd_international is not None and p.cost_usd is not None:
        if request.country is None:
            out.append(
                f"counted at {money(cost)}, the higher of its home ({money(p.cost_usd)}) and "
                f"international ({money(p.cost_usd_international)}) fees"
            )
        elif cost == p.cost_usd_international and p.country != request.country:
            out.append(f"counted at the international fee, {money(cost)}")
    elif p.cost_basis == "home" and p.cost_usd is not None:
        if cost is None:
            out.append(
                f"only its fee for home students ({money(p.cost_usd)}) is published: check the "
                "fee for you"
            )
        else:
            out.append(f"counted at its fee for home students, {money(cost)}")
    return out


def _sentences(parts: Sequence[str]) -> str:
    """The parts as sentences: the first two stand alone, the rest follow after semicolons."""
    parts = [p[0].upper() + p[1:] for p in parts if p]
    head = [p.rstrip(".") + "." for p in parts[:2]]
    tail = "; ".join(p.rstrip(".")[0].lower() + p.rstrip(".")[1:] for p in parts[3:])
    if len(parts) > 2:
        head.append(parts[2].rstrip(".") + ("; " + tail if tail else "") + ".")
    return " ".join(head)


# ---- what to also consider ----------------------------------------------------------------


def route_needs(route: Route, need: Need, request: Request, rules: Rules) -> str:
    """What one route asks that the user lacks, in words."""
    parts = []
    if not for_role(route, need):
        parts.append("to be " + join([article(r.replace("-", " ")) for r in route.roles], "or"))
    if route.min_years and (request.years is None or request.years < route.min_years):
        gave = "" if request.years is None else f" (you gave {request.years})"
        parts.append(f"{route.min_years} years of experience{gave}")
    if route.degrees and need.held.isdisjoint(route.degrees):
        parts.append(degree_names(route.degrees, rules) + " first")
    return " and ".join(parts) or "what its page states"


def exclusion_words(e: Exclusion, need: Need, request: Request, rules: Rules) -> tuple[str, str]:
    """(the reason it is not a step, what to check before counting on it)."""
    p = e.program
    code = e.code
    if code == "off-route":
        return (
            f"{RECOGNITION_WORDS.get(p.recognition, 'an exam-based certification')}: it "
            "certifies experience rather than teaching it, and is not the recognised route for "
            "your goals",
            f"its eligibility routes, once you have the experience: {p.source}",
        )
    if code == "place":
        # What keeps you out wherever you study comes too (a fellowship for graduates).
        first = eligibility(p, need, request.years).requires
        asks = f"; it also asks for {degree_names(sorted(first), rules)} first" if first else ""
        return (
            f"taught {p.delivery} in {p.country or 'a place its page does not name'}, and you "
            f"did not say where you can study{asks}",
            "where you could study: --country includes programs taught there",
        )
    if code == "paused":
        return ("not taking applications now", f"its page for the next intake: {p.url}")
    if code == "stale":
        return (
            f"last verified on {p.verified.isoformat()}, over {STALE_AFTER_MONTHS} months ago, "
            "and you asked to leave stale programs out",
            f"its current page: {p.url}",
        )
    if code == "unconfirmed":
        return (
            f"last verified on {p.verified.isoformat()}, over {STALE_AFTER_MONTHS} months ago, "
            "and no current intake was found",
            f"that it still runs: {p.url}",
        )
    if code == "delivery":
        return (f"taught {p.delivery}, not {request.delivery}", "whether another format exists")
    if code == "country":
        return (
            f"taught {p.delivery} in {p.country or 'a country its page does not name'}, "
            f"not online or in {request.country}",
            "whether you could study there",
        )
    if code in ("role", "years", "degree"):
        ways = list(dict.fromkeys(route_needs(r, need, request, rules) for r in e.routes))
        ways = ways or ["other roles or degrees"]
        return ("needs " + join(ways, "or"), f"every route it accepts: {p.source}")
    if code == "unknown-cost":
        return ("price not published: under a budget it cannot be counted", f"its fee: {p.url}")
    if code == "over-budget":
        return (
            f"costs {money(e.cost_usd)}, more than your budget of {money(request.budget_usd)}",
            "funding, employer support or a cheaper intake",
        )
    if code == "unknown-time":
        return ("length not published: under a time limit it cannot be counted", p.url)
    if code == "over-time":
        return (
            f"takes {months(p.duration_months)}, longer than your {months(request.months)}",
            "a part-time or shorter option",
        )
    return (code, p.url)


# ---- degrees, alternatives, notes, empty answers ------------------------------------------


def degree_why(
    p: Program, *, need: Need, rules: Rules, request: Request, cost: float | None
) -> str:
    goals = [
        g
        for g in need.goals
        if not rules.degree_closure(p.awards).isdisjoint(rules.goals[g].advanced_degrees)
    ]
    degree_names = [rules.degrees[d].name for d in p.awards if d in rules.degrees]
    what = degree_names[-1] if degree_names else "a degree"
    parts = [
        f"{p.name} ({p.provider}, {p.country or 'country not stated'}, {p.delivery}) awards "
        f"{what}, the degree that fits {goal_phrase(goals or need.goals)} in the long term",
        f"Cost {money(cost)}, length {months(p.duration_months)}",
    ]
    if p.prepares_for:
        parts.append(f"it prepares for {join(list(p.prepares_for))}")
    parts.extend(_place_and_fees(p, cost, request))
    return _sentences(parts)


def alternative_reason(
    label: str,
    *,
    totals: str,
    main_totals: str,
    dropped: Sequence[str],
    added: Sequence[str],
    leaves: Sequence[str] = (),
    closes: Sequence[str] = (),
    off_route: bool = False,
    less_recognised: bool = False,
) -> str:
    """Why this alternative, and what it gives up against the pathway above, said plainly."""
    if added and dropped:
        what = f"takes {join(list(added))} instead of {join(list(dropped))}"
    elif added:
        what = f"adds {join(list(added))}"
    else:
        what = f"leaves out {join(list(dropped))}"
    if off_route:
        what += ", and skips steps of the recognised route"
    if closes:
        what += (
            f"; it brings {join(list(closes))} to the level your goals need, which the pathway "
            "above does not"
        )
    if leaves:
        # "Open" would read as untaught: it may teach some of it, short of the level needed.
        what += (
            f"; it leaves {join(list(leaves))} short of the level your goals need, which the "
            "pathway above reaches"
        )
    cover = "the most of your needs it can" if leaves else "as many of your needs"
    template = _ALTERNATIVE_WORDS.get(label, "It {what}.")
    recognised = ", with less recognised credentials" if less_recognised else ""
    return template.format(
        what=what, totals=totals, main_totals=main_totals, cover=cover, recognised=recognised
    )


# Why each kind of alternative, in words ({what} it takes instead; {cover}: as many needs or
# the most it can). Templates are formatted once: data strings are values, never parsed.
_ALTERNATIVE_WORDS = {
    "cheapest known cost": (
        "Every step has a published price: {totals}, against {main_totals} for the pathway "
        "above. It {what}: {cover} at the lowest price{recognised}."
    ),
    "shortest": (
        "Every step has a published length: {totals}, against {main_totals}. It {what}: the "
        "quickest way to cover {cover}."
    ),
    "online only": (
        "Every course online (exams at a test centre or remote), for when you cannot travel "
        "or move: it {what}."
    ),
    "without a degree": "No degree, certificates and certifications only: it {what}.",
    "with a degree": "With the degree your goals fit long term as the foundation: it {what}.",
    "in person, if you can travel": (
        "With programs taught on site, for when you can study where they are (give --country "
        "to see those near you): it {what}."
    ),
    "other programs": "The next best fit, with other programs than the pathway above: it {what}.",
}


def core_open_note(left_open: Sequence[str], teach: Sequence[str], rules: Rules) -> list[str]:
    """What the goal is named for, left open: said first-hand, not only among the gaps, with
    the programs named beside the steps that teach it (`teach`, their ids)."""
    if not left_open:
        return []
    names = join(competency_names(left_open, rules))
    where = (
        f"{join(list(teach))}, named below with what to check, teach it"
        if teach
        else "no program in the catalog that you can take teaches it"
    )
    return [f"{names}, what your goal is about, is left open: {where}."]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five")


def left_out_notes(hidden: int, shown: int, other_audiences: int) -> list[str]:
    """How many programs that would help the answer does not name, and why."""
    out = []
    if hidden > 0:
        nearest = NUMBER_WORDS[shown] if shown < len(NUMBER_WORDS) else str(shown)
        was = "program that would help was" if hidden == 1 else "programs that would help were"
        out.append(
            f"{hidden} more {was} left out by your limits or their eligibility; 'also "
            f"consider' shows the nearest {nearest}."
        )
    if other_audiences:
        one = other_audiences == 1
        out.append(
            f"{other_audiences} program{'' if one else 's'} that teach{'es' if one else ''} what "
            f"you need {'is' if one else 'are'} made for other roles and {'was' if one else 'were'}"
            " not considered."
        )
    return out


def gap_teachers_note(teachers: Sequence[tuple[str, Sequence[str]]], rules: Rules) -> list[str]:
    """Each need left open, with programs that close it (by id); those no program within
    your limits closes, together."""
    out = [
        f"{competency_names([c], rules)[0]} is left open: {join(list(ids))} would close it."
        for c, ids in teachers
        if ids
    ]
    alone = [c for c, ids in teachers if not ids]
    if alone:
        names = join(competency_names(alone, rules))
        out.append(
            f"{names} {'is' if len(alone) == 1 else 'are'} left open: no other program you can "
            "take within your limits, from where you can study, brings "
            f"{'it' if len(alone) == 1 else 'them'} to the level your goals need."
        )
    return out


def stale_steps_note(steps: Sequence[Step], today: dt.date) -> list[str]:
    out = []
    for s in steps:
        p = s.program
        if p.is_stale(today):
            out.append(
                f"Step {s.order} ({p.name}) was last verified on {p.verified.isoformat()}, more "
                f"than {STALE_AFTER_MONTHS} months ago; check its page before you enrol."
            )
    return out


def unknown_note(steps: Sequence[Step], what: str) -> list[str]:
    orders = [str(s.order) for s in steps]
    if not orders:
        return []
    plural = "s" if len(orders) > 1 else ""
    return [
        f"The {what} of step{plural} {join(orders)} is not published; the total counts known "
        f"{what}s only."
    ]


def ladder_notes(need: Need, in_pathway: Sequence[int], done: int) -> list[str]:
    """What the user is told about each recognised route that applies."""
    out = []
    for n, ladder in enumerate(need.ladders):
        total = len(ladder.steps)
        held = sum(1 for (m, _) in need.ladder_done if m == n)
        filled = in_pathway[n]
        if filled + held < total:
            out.append(
                f"The recognised route for {_ladder_people(ladder, need)} in "
                f"{join(list(ladder.goals))} is {ladder.meaning}; this pathway takes "
                f"{filled} of its {total} steps (you hold {held}); the others are under "
                "'also consider' when the catalog has them."
            )
    return out


def no_ladder_note(need: Need, rules: Rules) -> list[str]:
    covered = {g for ladder in need.ladders for g in ladder.goals}
    missing = [g for g in need.goals if g not in covered]
    if not missing:
        return []
    out = [
        f"No recognised credential ladder leads into {join(missing)} for "
        f"{people(need.role)}; the steps are the best-fitting programs instead."
    ]
    out.extend(rules.goals[g].no_ladder for g in missing if rules.goals[g].no_ladder)
    return out


def held_degree_note(need: Need, rules: Rules) -> list[str]:
    """Why no degree is offered for a goal: the one held (or assumed for the role) fits it."""
    stated = rules.degree_closure(list(need.stated_degrees))
    out = []
    for goal in need.goals:
        fits = [d for d in rules.goals[goal].advanced_degrees if d in need.held]
        if not fits or not degree_answered(need, rules.goals[goal]):
            continue
        name = rules.degrees[fits[0]].name
        if fits[0] in stated:
            out.append(f"You hold {name}, the degree your {goal} goal asks for in the long term.")
            continue
        assumed = rules.degrees[need.assumed].name if need.assumed in rules.degrees else ""
        whose = f"{assumed[0].upper()}{assumed[1:]}, assumed for your role,"
        if fits[0] == need.assumed:
            out.append(f"{whose} is the degree your {goal} goal asks for in the long term.")
        else:
            out.append(
                f"{whose} is a graduate degree at the level your {goal} goal asks for in the "
                f"long term ({name}): no further degree is needed for it."
            )
    return out


def empty_message(need: Need, excluded: Sequence[Exclusion], request: Request, rules: Rules) -> str:
    """Why nothing fits, naming the nearest programs and the limit each breaks."""
    head = f"no pathway fits {goal_phrase(need.goals)} as {article(need.role.replace('-', ' '))}"
    if not excluded:
        return head + ": no program in the catalog teaches what you still need."
    lines = [head + "; the nearest programs and what rules them out:"]
    for e in excluded[:5]:
        reason, check = exclusion_words(e, need, request, rules)
        lines.append(f"  {e.program.id}: {reason} (check {check})")
    return "\n".join(lines)


def nothing_to_close(need: Need, request: Request) -> str:
    held = " with what you have" if request.have_programs or request.have_degrees else ""
    return (
        f"nothing to close: as {article(need.role.replace('-', ' '))}{held} you already bring "
        f"every level that {goal_needs(need.goals)}, and no recognised route has a step left "
        "for you"
    )


def totals_words(totals: Totals, steps: int) -> str:
    """ "USD 1,234 and 6 months" with the unknown parts said."""
    cost = _known_part(money(totals.cost_usd), totals.unknown_cost_steps, steps, "cost")
    length = _known_part(months(totals.months), totals.unknown_duration_steps, steps, "length")
    return f"{cost}, {length}"


def _known_part(known: str, unknown_steps: int, steps: int, what: str) -> str:
    """ "USD 1,234 plus 1 of unknown cost", or "cost unknown" when no step publishes one."""
    if unknown_steps >= steps:
        return f"{what} unknown"
    if unknown_steps:
        return f"{known} plus {unknown_steps} of unknown {what}"
    return known
