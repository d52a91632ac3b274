"""The recommendation engine: catalog + rules + request -> the pathway a careers adviser would
give (pure). fit.py says what an adviser values, search.py finds the exact best set of steps
for it, explain.py puts every step and note into words; this module wires them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hcai_path.errors import EmptyResultError, UsageError
from hcai_path.models import (
    AlsoConsider,
    Constraints,
    DegreeOption,
    Foundation,
    LadderNote,
    Pathway,
    Program,
    Request,
    Step,
)
from hcai_path.recommend import explain
from hcai_path.recommend.alternatives import other_pathways
from hcai_path.recommend.fit import (
    LADDER_FIT,
    LEVEL_BITS,
    MONEY_AND_TIME,
    Assessment,
    Exclusion,
    Need,
    assess_need,
    assess_programs,
    audience_fit,
    cost_for,
    degree_answered,
    eligibility,
    exclusion_order,
    hard_limit,
    on_subject,
    only_a_degree_closes,
    program_levels,
    relocates,
    wanted_degrees,
    weight,
)
from hcai_path.recommend.search import Candidate, Limits, best
from hcai_path.recommend.steps import Context, totals_of
from hcai_path.rules import Rules

MAX_ALSO_CONSIDER = 5
MAX_DEGREE_OPTIONS = 3
MAX_OFF_ROUTE = 2
# Programs not taking applications, or stale with no current intake: each is a check, not a
# plan, and a list of five such (review 10: all paused or stale) would crowd out the rest.
MAX_UNCERTAIN = 2
UNCERTAIN = frozenset({"paused", "stale", "unconfirmed"})
# What keeps you out wherever you study: said before the place, when both hold.
ELIGIBILITY_CODES = frozenset({"role", "years", "degree"})


def recommend(
    *, programs: Sequence[Program], rules: Rules, request: Request, today: dt.date
) -> Pathway:
    """The pathway for `request`: the recognised ladder steps first, then the best fit, under
    every hard constraint. Raises EmptyResultError when nothing fits (the message names the
    nearest programs and what rules each out)."""
    for goal in request.goals:
        if goal not in rules.goals:
            raise UsageError(f"unknown goal {goal!r}")
    if request.role not in rules.roles and request.role not in rules.families:
        raise UsageError(f"unknown role {request.role!r}")
    need = assess_need(rules, request, programs)
    in_pathway = _degrees_in_pathway(need, rules)
    long_term = in_pathway | wanted_degrees(need, rules)
    # Degrees the goals fit long term are assessed too, for the "with a degree" alternative;
    # the main pathway takes a degree only where `in_pathway` (or a ladder) says so.
    field = assess_programs(
        programs, rules=rules, request=request, need=need, today=today, include_degrees=long_term
    )
    everything, unreachable = _reachable(field, need)
    closers = only_a_degree_closes(need, rules, everything, field)
    candidates = _steps_to_weigh(everything, field, in_pathway, closers, long_term)
    # One reason per program: the first in order (an on-site program may also lack a price),
    # but what keeps you out wherever you study before the place (review 13: a fellowship for
    # graduates named to someone with a bachelor's as only "taught in the US").
    ordered = sorted([*field.excluded, *unreachable], key=exclusion_order)
    ordered.sort(key=lambda e: e.code not in ELIGIBILITY_CODES)
    excluded = list({e.program.id: e for e in reversed(ordered)}.values())
    excluded.sort(key=exclusion_order)
    if not need.gap and not any(c.ladder for c in candidates):
        raise EmptyResultError(explain.nothing_to_close(need, request))
    limits = _limits(candidates, need, rules, request)
    chosen = best(candidates, limits)
    if not chosen:
        raise EmptyResultError(explain.empty_message(need, excluded, request, rules))
    ctx = Context(need, rules, request, today, field)
    steps = ctx.steps(chosen)
    alternatives = other_pathways(ctx, candidates, everything, limits, chosen, steps)
    also_consider = _also_consider(ctx, excluded)
    degree_options = _degree_options(ctx, chosen, excluded)
    return Pathway(
        role=need.role,
        family=need.family,
        goals=need.goals,
        constraints=Constraints(
            budget_usd=request.budget_usd,
            months=request.months,
            delivery=request.delivery,
            country=request.country,
            have=tuple(
                request.have
                if request.have is not None
                else request.have_programs + request.have_degrees
            ),
            years=request.years,
        ),
        foundation=_foundation(steps, rules, need),
        steps=steps,
        totals=totals_of(steps),
        gaps=ctx.gaps(chosen),
        degree_options=degree_options,
        alternatives=alternatives,
        also_consider=also_consider,
        notes=_notes(ctx, steps, chosen, excluded, (*also_consider, *degree_options)),
        ladders=_ladder_notes(need, chosen),
    )


def _steps_to_weigh(
    everything: Sequence[Candidate],
    field: Assessment,
    in_pathway: frozenset[str],
    closers: frozenset[str],
    kinds: frozenset[str],
) -> list[Candidate]:
    """The candidates the main search weighs: no degree unless the goals call for it (or it
    is a ladder step), and nothing on site but ladder steps and called-for degrees. A degree
    called for may mean moving (a PhD is on site by nature), but only when no degree of its
    kind (`kinds`) can be taken from where you are."""
    called = [
        c
        for c in everything
        if c.is_degree and (c.id in closers or not c.awards.isdisjoint(in_pathway))
    ]
    from_home = frozenset().union(*(c.awards for c in called if c.id not in field.on_site))
    kept = {
        c.id for c in called if c.id not in field.on_site or not (c.awards & kinds) <= from_home
    }
    return [
        c
        for c in everything
        if (not c.is_degree or c.ladder or c.id in kept)
        and (c.id in kept or c.id not in field.on_site)
    ]


def _degrees_in_pathway(need: Need, rules: Rules) -> frozenset[str]:
    """Degrees a step may award: those of goals that call for a degree in the pathway itself,
    when the user holds none of them and no recognised ladder covers the goal (unless the role
    puts the degree first, as a student's does)."""
    laddered = {g for ladder in need.ladders for g in ladder.goals}
    role = rules.roles.get(need.role)
    first = role is not None and role.degree_first
    out: set[str] = set()
    for goal in need.goals:
        g = rules.goals[goal]
        if g.degree_step and (first or goal not in laddered):
            if not degree_answered(need, g):
                out |= set(g.advanced_degrees)
    return frozenset(out)


def _reachable(field: Assessment, need: Need) -> tuple[list[Candidate], list[Exclusion]]:
    """Candidates whose required degree some other candidate can award (in some order)."""
    reach = set(need.held)
    pending = [c for c in field.candidates if c.requires is not None]
    ready = [c for c in field.candidates if c.requires is None]
    for c in ready:
        reach |= c.awards
    changed = True
    while changed:
        changed = False
        for c in list(pending):
            assert c.requires is not None
            if not c.requires.isdisjoint(reach):
                pending.remove(c)
                ready.append(c)
                reach |= c.awards
                changed = True
    unreachable = []
    for c in pending:
        p = field.programs[c.id]
        routes = p.eligibility.routes if p.eligibility is not None else ()
        fit = c.weight * c.mask.bit_count() + LADDER_FIT * c.ladder.bit_count()
        unreachable.append(Exclusion(p, "degree", fit, routes=routes))
    order = {c.id: i for i, c in enumerate(field.candidates)}
    return sorted(ready, key=lambda c: order[c.id]), unreachable


def _limits(cands: Sequence[Candidate], need: Need, rules: Rules, request: Request) -> Limits:
    # One ladder step outweighs all the coverage any pathway could have.
    top = max((c.weight for c in cands), default=1) + rules.fit.depth
    bits = sum(need.high[i] - need.low[i] for i in range(len(need.gap)))
    # One core level outweighs all other coverage; one ladder step outweighs both.
    core = need.core_mask()
    core_weight = top * bits + 1
    top += core_weight
    deep = 0
    for i in range(len(need.gap)):
        for lv in range(max(need.low[i] + 1, 2), need.high[i] + 1):
            deep |= 1 << (LEVEL_BITS * i + lv - 1)
    return Limits(
        max_steps=rules.pathway.max_steps,
        max_degrees=rules.pathway.max_degrees,
        budget_cents=None if request.budget_usd is None else round(request.budget_usd * 100),
        months_hundredths=None if request.months is None else round(request.months * 100),
        ladder_weight=top * bits + 1,
        held=need.held,
        min_step_levels=rules.pathway.min_step_levels,
        whole=tuple(need.code({c: need.high[i]}) for i, c in enumerate(need.gap)),
        deep=deep,
        depth=rules.fit.depth,
        core=core,
        core_weight=core_weight,
    )


def _foundation(steps: Sequence[Step], rules: Rules, need: Need) -> Foundation:
    """The degree the pathway stands on: one held is never replaced; else a degree step;
    else the one assumed for the role."""
    for p in need.held_programs:
        if rules.recognition_of(p.recognition, p.credential).kind == "degree":
            return Foundation(name=p.name, status="held", program_id=p.id)
    known = [
        d for d in need.stated_degrees if d in rules.degrees and rules.degrees[d].kind == "degree"
    ]
    if known:
        best_held = max(known, key=lambda d: (len(rules.degree_closure([d])), -known.index(d)))
        return Foundation(name=rules.degrees[best_held].name, status="held", program_id=None)
    for s in steps:
        if s.kind == "degree":
            return Foundation(name=s.program.name, status="recommended", program_id=s.program.id)
    if need.assumed and need.assumed in rules.degrees:
        return Foundation(name=rules.degrees[need.assumed].name, status="assumed", program_id=None)
    return Foundation(name="no degree assumed", status="assumed", program_id=None)


def _also_consider(ctx: Context, excluded: Sequence[Exclusion]) -> tuple[AlsoConsider, ...]:
    """The nearest programs left out, at most two of them certifications off the route and two
    paused or unconfirmed; the degrees of the long term are the degree options, not listed
    here."""
    # Nothing you ruled out by the place you gave, unless it is a step of the route.
    excluded = [
        e for e in excluded if _worth_naming(ctx, e) and (e.route_step or e.code != "country")
    ]
    shown = [e for e in excluded if e.code != "off-route" and e.code not in UNCERTAIN]
    shown += [e for e in excluded if e.code in UNCERTAIN][:MAX_UNCERTAIN]
    shown += [e for e in excluded if e.code == "off-route"][:MAX_OFF_ROUTE]
    shown.sort(key=exclusion_order)
    out = []
    for e in shown[:MAX_ALSO_CONSIDER]:
        reason, check = explain.exclusion_words(e, ctx.need, ctx.request, ctx.rules)
        out.append(AlsoConsider(e.program, reason, check))
    return tuple(out)


def _worth_naming(ctx: Context, e: Exclusion) -> bool:
    """Whether a program left out is one an adviser would mention: a ladder step always;
    otherwise no degree (those are the degree options) and nothing about another subject (a
    leadership course in an imaging answer) unless it teaches what the goal is named for."""
    p = e.program
    if e.route_step:
        return True
    if ctx.rules.recognition_of(p.recognition, p.credential).kind == "degree":
        return False
    return e.core or on_subject(p, ctx.rules, ctx.need)


# Limits a long-term degree option is not held to: it is for later, and may mean moving.
_LONG_TERM = MONEY_AND_TIME | {"place"}


def _degree_options(
    ctx: Context, chosen: Sequence[Candidate], excluded: Sequence[Exclusion]
) -> tuple[DegreeOption, ...]:
    """The degrees that fit the goals long term, best fit first (not those in the pathway)."""
    need, rules, request = ctx.need, ctx.rules, ctx.request
    wanted = wanted_degrees(need, rules)
    if not wanted:
        return ()
    in_pathway = {c.id for c in chosen}
    pool = [*ctx.field.degree_pool]
    pool += [ctx.field.programs[c.id] for c in ctx.field.candidates if c.is_degree]
    pool += [e.program for e in excluded if e.code in _LONG_TERM]
    scored = []
    for p in pool:
        if p.id in in_pathway or rules.degree_closure(p.awards).isdisjoint(wanted):
            continue
        stale = p.is_stale(ctx.today)
        # The limits every step keeps (status, freshness, delivery, place); not money or time.
        if hard_limit(p, request, stale=stale) or not eligibility(p, need, request.years).ok:
            continue
        mask = need.code(program_levels(p, rules))
        fit = weight(p, rules, need, stale=stale, country=request.country)
        cost = cost_for(p, request.country)
        # A doctorate only leads when a goal asks for one (research): it is years longer.
        longer = p.credential == "doctorate" and "doctorate" not in wanted
        # Without --country, degrees you can take from where you are come first; then those
        # made for your role (an MSN for a nurse), then the best fit.
        away = relocates(p, request.country)
        # With --country, a degree of that country's own system first: its employers know it,
        # and it is at the home fee.
        abroad = request.country is not None and p.country != request.country
        made_for = -audience_fit(p, need)
        rank = (
            longer,
            away,
            abroad,
            made_for,
            -fit * max(1, mask.bit_count()),
            cost is None,
            cost or 0,
            p.id,
        )
        scored.append((rank, p, cost))
    scored = list({p.id: (rank, p, cost) for rank, p, cost in scored}.values())
    scored.sort(key=lambda item: item[0])
    return tuple(
        DegreeOption(p, explain.degree_why(p, need=need, rules=rules, request=request, cost=cost))
        for _, p, cost in scored[:MAX_DEGREE_OPTIONS]
    )


def _notes(
    ctx: Context,
    steps: Sequence[Step],
    chosen: Sequence[Candidate],
    excluded: Sequence[Exclusion],
    named: Sequence[AlsoConsider | DegreeOption],
) -> tuple[str, ...]:
    """`named`: the programs the answer names beside the steps (also consider, degree options)."""
    need, rules = ctx.need, ctx.rules
    notes = explain.ladder_notes(need, _ladder_counts(need, chosen), 0)
    notes += explain.no_ladder_note(need, rules)
    notes += explain.stale_steps_note(steps, ctx.today)
    notes += explain.unknown_note([s for s in steps if s.cost_usd is None], "cost")
    notes += explain.unknown_note([s for s in steps if s.program.duration_months is None], "length")
    notes += explain.held_degree_note(need, rules)
    left_open = [c for c in need.core if c in ctx.gaps(chosen)]
    core = need.core_mask()
    teach = [n for n in named if need.code(program_levels(n.program, rules)) & core]
    notes += explain.core_open_note(left_open, [n.program.id for n in teach], rules)
    notes += explain.gap_teachers_note(_teachers(ctx, chosen), rules)
    shown = sum(isinstance(n, AlsoConsider) for n in named)
    # Not counted as left out: a step (one on site may also be kept out of the main search),
    # a program the answer names (beside a step too), none an adviser would not mention (a
    # degree: the degree options answer that; a course about another subject), and no exam off
    # the route (it teaches nothing: review 14, ten of fifteen in a nurse's count).
    named_ids = {s.program.id for s in steps} | {n.program.id for n in named}
    named_ids.update(i for s in steps for i in s.alike)
    left_out = [
        e
        for e in excluded
        if e.program.id not in named_ids
        and _worth_naming(ctx, e)
        and (
            e.route_step
            or rules.recognition_of(e.program.recognition, e.program.credential).kind
            != "certification"
        )
    ]
    notes += explain.left_out_notes(len(left_out), shown, ctx.field.other_audiences)
    return tuple(notes)


def _teachers(ctx: Context, chosen: Sequence[Candidate]) -> list[tuple[str, list[str]]]:
    """For each need left open but the goal's core (said apart), up to two programs beside the
    steps that take it to the level needed, best fit first (none: nothing within your limits
    does): an open need gets a pointer. Not degrees (the degree options answer that) nor
    programs taught where you did not say you could be."""
    need, taken = ctx.need, {c.id for c in chosen}
    by_fit = sorted(
        (c for c in ctx.field.candidates if not c.is_degree and c.id not in ctx.field.on_site),
        key=lambda c: (-c.weight, c.id),
    )
    out = []
    for competency in ctx.gaps(chosen):
        if competency in need.core:
            continue
        i = need.gap.index(competency)
        ids = [c.id for c in by_fit if c.id not in taken and need.level(c.mask, i) >= need.high[i]]
        out.append((competency, ids[:2]))
    return out


def _ladder_counts(need: Need, chosen: Sequence[Candidate]) -> list[int]:
    """Per applicable ladder, how many of its steps the pathway fills."""
    cover = 0
    for c in chosen:
        cover |= c.ladder
    counts, bit = [], 0
    for ladder in need.ladders:
        filled = 0
        for _ in ladder.steps:
            filled += bool(cover >> bit & 1)
            bit += 1
        counts.append(filled)
    return counts


def _ladder_notes(need: Need, chosen: Sequence[Candidate]) -> tuple[LadderNote, ...]:
    counts = _ladder_counts(need, chosen)
    return tuple(
        LadderNote(ladder.id, ladder.meaning, ladder.source, counts[n], len(ladder.steps))
        for n, ladder in enumerate(need.ladders)
    )
