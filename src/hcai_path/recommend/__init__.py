"""The recommendation engine: catalog + rules + request -> the pathway a careers adviser would
give (pure). fit.py says what an adviser values, search.py finds the exact best set of steps
for it, explain.py puts every step and note into words; this module wires them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hcai_path.errors import EmptyResultError, UsageError
from hcai_path.models import (
    AlsoConsider,
    Alternative,
    Constraints,
    DegreeOption,
    Foundation,
    LadderNote,
    Pathway,
    Program,
    Request,
    Step,
    Totals,
)
from hcai_path.recommend import explain
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
    on_site,
    only_a_degree_closes,
    program_levels,
    relocates,
    wanted_degrees,
    weight,
)
from hcai_path.recommend.search import Candidate, Limits, best, promise
from hcai_path.rules import Rules

MAX_ALTERNATIVES = 3
MAX_ALSO_CONSIDER = 5
MAX_DEGREE_OPTIONS = 3
MAX_OFF_ROUTE = 2
IN_PERSON = "in person, if you can travel"


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
    # Degrees the goals fit long term are assessed too, for the "with a degree" alternative;
    # the main pathway takes a degree only where `in_pathway` (or a ladder) says so.
    field = assess_programs(
        programs,
        rules=rules,
        request=request,
        need=need,
        today=today,
        include_degrees=in_pathway | wanted_degrees(need, rules),
    )
    everything, unreachable = _reachable(field, need)
    closers = only_a_degree_closes(need, rules, everything, field)
    # A degree the goals call for in the pathway may mean moving (a PhD is on site by nature),
    # but only when no degree of that kind can be taken from where you are.
    called_for = [
        c.is_degree and (c.id in closers or not c.awards.isdisjoint(in_pathway)) for c in everything
    ]
    from_home = frozenset().union(
        *(
            c.awards
            for c, called in zip(everything, called_for, strict=True)
            if called and c.id not in field.on_site
        )
    )
    kinds = in_pathway | wanted_degrees(need, rules)
    called_for = [
        called and (c.id not in field.on_site or not (c.awards & kinds) <= from_home)
        for c, called in zip(everything, called_for, strict=True)
    ]
    candidates = [
        c
        for c, called in zip(everything, called_for, strict=True)
        if (not c.is_degree or c.ladder or called) and (called or c.id not in field.on_site)
    ]
    # One reason per program, the first in order (an on-site program may also lack a price).
    ordered = sorted([*field.excluded, *unreachable], key=exclusion_order)
    excluded = list({e.program.id: e for e in reversed(ordered)}.values())[::-1]
    excluded.sort(key=exclusion_order)
    if not need.gap and not any(c.ladder for c in candidates):
        raise EmptyResultError(explain.nothing_to_close(need, request))
    limits = _limits(candidates, need, rules, request)
    chosen = best(candidates, limits)
    if not chosen:
        raise EmptyResultError(explain.empty_message(need, excluded, request, rules))
    ctx = _Context(need, rules, request, today, field)
    steps = ctx.steps(chosen)
    alternatives = _alternatives(ctx, candidates, everything, limits, chosen, steps)
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
        totals=_totals(steps),
        gaps=ctx.gaps(chosen),
        degree_options=degree_options,
        alternatives=alternatives,
        also_consider=also_consider,
        notes=_notes(ctx, steps, chosen, excluded, (*also_consider, *degree_options)),
        ladders=_ladder_notes(need, chosen),
    )


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


class _Context:
    """What building the steps and their words needs, in one place."""

    def __init__(
        self, need: Need, rules: Rules, request: Request, today: dt.date, field: Assessment
    ) -> None:
        self.need, self.rules, self.request, self.today, self.field = (
            need,
            rules,
            request,
            today,
            field,
        )

    def steps(self, chosen: Sequence[Candidate]) -> tuple[Step, ...]:
        ordered, enabler = self._order(chosen)
        position = {c.id: n for n, c in enumerate(ordered, start=1)}
        steps: list[Step] = []
        cover = 0  # what the steps before this one bring: a step closes what is still open
        for n, c in enumerate(ordered, start=1):
            p = self.field.programs[c.id]
            closes, builds = self._reach(c, before=cover)
            cover |= c.mask
            kind = self.rules.recognition_of(p.recognition, p.credential).kind
            steps.append(Step(n, kind, p, closes, builds, "", self.field.costs[c.id]))
        out = []
        written: list[str] = []  # what the earlier steps award, as their entries say
        for step, c in zip(steps, ordered, strict=True):
            p = step.program
            enabled_by = enabler.get(c.id)
            why = explain.step_why(
                step,
                need=self.need,
                rules=self.rules,
                request=self.request,
                today=self.today,
                conditions=self.field.conditions.get(c.id, ()),
                enabled_by=None if enabled_by is None else steps[position[enabled_by] - 1],
                enables=[steps[position[d] - 1] for d, e in enabler.items() if e == c.id],
                leads_to=[
                    steps[position[t] - 1]
                    for t in (*p.prepares_for, *p.counts_toward)
                    if t in position and t != c.id
                ],
                earlier_awards=[*written, *sorted(self.rules.degree_closure(written))],
                alike=self._alike(c, chosen),
            )
            written.extend(p.awards)
            out.append(step._replace(why=why))
        return tuple(out)

    def _alike(self, c: Candidate, chosen: Sequence[Candidate]) -> list[str]:
        """Other candidates that fill the same route step as `c` (not exams, which are one
        body's), at most three, best fit first."""
        kind = self.rules.recognition_of
        p = self.field.programs[c.id]
        if not c.ladder or kind(p.recognition, p.credential).kind == "certification":
            return []
        taken = {x.id for x in chosen}
        same = [x for x in self.field.candidates if x.ladder & c.ladder and x.id not in taken]
        same.sort(key=lambda x: (-x.weight * max(1, x.mask.bit_count()), x.id))
        return [x.id for x in same[:3]]

    def _reach(self, c: Candidate, *, before: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a step closes (brings to the needed level) and builds (raises, not that far),
        of what the steps `before` it left open."""
        need = self.need
        closes, builds = [], []
        for i, competency in enumerate(need.gap):
            start = need.level(before, i)
            level = need.level(before | c.mask, i)
            if start >= need.high[i] or level == start:
                continue
            if level >= need.high[i]:
                closes.append(competency)
            else:
                builds.append(competency)
        return tuple(closes), tuple(builds)

    def gaps(self, chosen: Sequence[Candidate]) -> tuple[str, ...]:
        cover = _levels_of(chosen)
        need = self.need
        return tuple(g for i, g in enumerate(need.gap) if need.level(cover, i) < need.high[i])

    def _order(self, chosen: Sequence[Candidate]) -> tuple[list[Candidate], dict[str, str]]:
        """Courses and certificates outside the route first (AI basics before specialities:
        what you can start now), then exam certifications you can sit now, the degree, the
        steps that make later ones eligible, the route's other steps in their order, the other
        exam certifications last, so that a route's
        steps follow one another; an enabler always before what it enables, a program before
        the one it prepares for when possible."""
        enabler: dict[str, str] = {}
        held = set(self.need.held)
        waiting = sorted(chosen, key=lambda c: c.id)
        placed: list[Candidate] = []
        while waiting:
            ready = [c for c in waiting if c.requires is None or not c.requires.isdisjoint(held)]
            for c in ready:
                if c.requires is not None and c.requires.isdisjoint(self.need.held):
                    source = next(x for x in placed if not x.awards.isdisjoint(c.requires))
                    enabler[c.id] = source.id
            for c in ready:
                waiting.remove(c)
                placed.append(c)
                held |= c.awards
        enablers = set(enabler.values())
        basics = "ai-basics" in self.need.gap

        def rank(c: Candidate) -> tuple[int, int, str]:
            p = self.field.programs[c.id]
            kind = self.rules.recognition_of(p.recognition, p.credential).kind
            ladder_position = (c.ladder & -c.ladder).bit_length() if c.ladder else 99
            if kind == "certification":
                # One you can sit now (no earlier step needed, no years you did not give, no
                # earlier step of its route) before the degree; one that crowns the route's
                # training after it.
                now = c.id not in enabler and not self.field.conditions.get(c.id)
                later = any(
                    x.ladder and x.ladder & -x.ladder < c.ladder & -c.ladder for x in chosen
                )
                r = 2 if now and not later else 5
            elif c.ladder:
                r = 4  # in the route's order; an enabler still comes before what it enables
            elif c.is_degree:
                r = 3
            elif c.id in enablers:
                r = 4
            else:
                r = 0 if basics and program_levels(p, self.rules).get("ai-basics") else 1
            return (r, ladder_position, c.id)

        programs = self.field.programs
        ordered: list[Candidate] = []
        remaining = sorted(chosen, key=rank)
        while remaining:
            done = {c.id for c in ordered} | {""}
            # Before c: its enabler (hard), and any step that prepares for or counts toward it.
            eligible = [c for c in remaining if enabler.get(c.id, "") in done]
            prepared = [
                c
                for c in eligible
                if not any(
                    c.id in (*programs[x.id].prepares_for, *programs[x.id].counts_toward)
                    for x in remaining
                    if x is not c
                )
            ]
            pick = (prepared or eligible)[0]  # a cycle of preparation links: ignore them
            remaining.remove(pick)
            ordered.append(pick)
        return ordered, enabler


def _totals(steps: Sequence[Step]) -> Totals:
    cost = sum(s.cost_usd or 0 for s in steps)
    time = sum(s.program.duration_months or 0 for s in steps)
    return Totals(
        cost_usd=_number(cost),
        unknown_cost_steps=sum(s.cost_usd is None for s in steps),
        months=_number(round(time, 2)),
        unknown_duration_steps=sum(s.program.duration_months is None for s in steps),
    )


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else value


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


def _alternatives(
    ctx: _Context,
    cands: Sequence[Candidate],
    everything: Sequence[Candidate],
    limits: Limits,
    chosen: Sequence[Candidate],
    steps: Sequence[Step],
) -> tuple[Alternative, ...]:
    """Up to three other pathways, each differing by at least one step, each with its label."""
    programs = ctx.field.programs
    variants: list[tuple[str, Sequence[Candidate], Limits]] = []
    if any(c.is_degree for c in chosen):
        variants.append(("without a degree", cands, limits._replace(max_degrees=0)))
    elif len(everything) > len(cands):
        variants.append(("with a degree", _with_best_degrees(cands, everything), limits))
    # No alternative swaps the pathway's degree for one of another level (no doctorate for a
    # master's): the degree question is the pathway's, and "with a degree" asks it anew.
    main_degrees = {programs[c.id].credential for c in chosen if c.is_degree}

    def same_level(c: Candidate) -> bool:
        return not c.is_degree or not main_degrees or programs[c.id].credential in main_degrees

    keep = {c.id for c in chosen if c.ladder}
    others = [
        c for c in cands if (c.id in keep or c.id not in {x.id for x in chosen}) and same_level(c)
    ]
    variants.append(("other programs", others, limits))
    taught_there = [c for c in everything if c.id in ctx.field.on_site]
    if taught_there:
        # A campus degree in place of the pathway's own degree (students often move for one),
        # never a degree where the pathway takes none.
        awarded = frozenset().union(*(c.awards for c in chosen if c.is_degree))
        # For someone who can travel, a program on site is not a move: it loses no weight.
        travel = ctx.rules.fit.relocate
        in_person = [
            *(c for c in cands if c.id not in ctx.field.on_site),
            *(
                c._replace(weight=c.weight + travel)
                for c in taught_there
                if not c.is_degree or c.awards & awarded
            ),
        ]
        in_person = [c for c in in_person if same_level(c)]
        variants.append((IN_PERSON, in_person, limits))
    # The cheapest and shortest pathways stay comparable: nothing that may mean moving, and no
    # degree where the main pathway takes none.
    main_ids = {c.id for c in chosen}
    comparable = [
        c
        for c in cands
        if (c.id in main_ids or not relocates(programs[c.id], ctx.request.country))
        and (not c.is_degree or programs[c.id].credential in main_degrees)
    ]
    breadth = [_breadth(c, ctx.need) for c in comparable]
    variants.append(("cheapest known cost", [c for c in breadth if c.cents is not None], limits))
    variants.append(
        (
            "shortest",
            [c for c in breadth if c.hundredths is not None],
            limits._replace(time_first=True),
        )
    )
    if any(on_site(programs[c.id]) for c in chosen):
        online = [c for c in cands if not on_site(programs[c.id])]
        variants.insert(0, ("online only", online, limits))
    seen = [frozenset(main_ids)]
    main_totals = _totals(steps)
    out: list[Alternative] = []
    main_ladder = _ladder_steps(chosen)
    main_gaps = ctx.gaps(chosen)  # in the rules' order: words come out the same every run
    candidates_by_id = {c.id: c for c in everything}
    for label, pool, variant_limits in variants:
        found = best(pool, variant_limits)
        ids = frozenset(c.id for c in found)
        if not found or ids in seen:
            continue
        if label == "with a degree" and not any(c.is_degree for c in found):
            continue  # the degrees bring nothing the other steps do not: no such alternative
        if label == IN_PERSON and not any(c.id in ctx.field.on_site for c in found):
            continue  # nothing on site beats what you can take from home
        if label != "online only" and _ladder_steps(found) < main_ladder:
            continue  # cheaper or quicker only by leaving the recognised route: not comparable
        seen.append(ids)
        originals = [candidates_by_id[c.id] for c in found]
        if not _comparable(label, originals, chosen):
            continue  # cheaper, quicker or other only by leaving most of your needs open
        alt_steps = ctx.steps(originals)
        totals = _totals(alt_steps)
        if not _worth_it(label, totals, main_totals):
            continue
        gaps = ctx.gaps(originals)
        reason = explain.alternative_reason(
            label,
            totals=explain.totals_words(totals, len(alt_steps)),
            main_totals=explain.totals_words(main_totals, len(steps)),
            dropped=[programs[i].name for i in sorted(main_ids - ids)],
            added=[programs[i].name for i in sorted(ids - main_ids)],
            leaves=explain.competency_names([g for g in gaps if g not in main_gaps], ctx.rules),
            closes=explain.competency_names([g for g in main_gaps if g not in gaps], ctx.rules),
            off_route=_ladder_steps(found) < main_ladder,
        )
        out.append(Alternative(label, reason, alt_steps, totals, gaps))
        if len(out) == MAX_ALTERNATIVES:
            break
    return tuple(out)


# The "with a degree" alternative weighs the degrees that fit best: enough to hold every
# degree an adviser would name, few enough that a 10,000-program catalog stays interactive.
DEGREES_FOR_ALTERNATIVE = 20


def _with_best_degrees(
    cands: Sequence[Candidate], everything: Sequence[Candidate]
) -> list[Candidate]:
    """The steps, plus the degrees that fit best (in the order the search tries them)."""
    have = {c.id for c in cands}
    degrees = sorted((c for c in everything if c.is_degree and c.id not in have), key=promise)
    return [*cands, *degrees[:DEGREES_FOR_ALTERNATIVE]]


def _ladder_steps(chosen: Sequence[Candidate]) -> int:
    cover = 0
    for c in chosen:
        cover |= c.ladder
    return cover.bit_count()


def _comparable(label: str, found: Sequence[Candidate], chosen: Sequence[Candidate]) -> bool:
    """A cheaper, shorter or next-best pathway is worth naming only if it closes at least half
    the needed levels the main pathway closes (an exam alone, which closes none, is none)."""
    if label not in ("cheapest known cost", "shortest", "other programs"):
        return True
    return 2 * _levels_of(found).bit_count() >= _levels_of(chosen).bit_count()


def _levels_of(chosen: Sequence[Candidate]) -> int:
    """The gap levels a set of steps brings (the union of their bits)."""
    cover = 0
    for c in chosen:
        cover |= c.mask
    return cover


def _worth_it(label: str, totals: Totals, main: Totals) -> bool:
    """A cheaper or shorter alternative saves at least a tenth, or has no unknown part where
    the main pathway has one."""
    if label == "cheapest known cost":
        return bool(main.unknown_cost_steps) or totals.cost_usd <= 0.9 * main.cost_usd
    if label == "shortest":
        return bool(main.unknown_duration_steps) or totals.months <= 0.9 * main.months
    return True


def _breadth(c: Candidate, need: Need) -> Candidate:
    """The candidate valued by how many needs it touches (its first missing level of each),
    all alike: for the cheapest and shortest pathways that cover as much."""
    mask = 0
    for i in range(len(need.gap)):
        first = 1 << (LEVEL_BITS * i)
        if c.mask & first:
            mask |= first
    return c._replace(mask=mask, weight=1)


def _also_consider(ctx: _Context, excluded: Sequence[Exclusion]) -> tuple[AlsoConsider, ...]:
    """The nearest programs left out, at most two of them certifications off the route; the
    degrees of the long term are the degree options, not listed here."""
    rules = ctx.rules
    # A ladder step always; otherwise no degree (those are the degree options) and nothing
    # you ruled out by the place you gave.
    excluded = [
        e
        for e in excluded
        if e.route_step
        or (
            rules.recognition_of(e.program.recognition, e.program.credential).kind != "degree"
            and e.code != "country"
        )
    ]
    shown = [e for e in excluded if e.code != "off-route"]
    shown += [e for e in excluded if e.code == "off-route"][:MAX_OFF_ROUTE]
    shown.sort(key=exclusion_order)
    out = []
    for e in shown[:MAX_ALSO_CONSIDER]:
        reason, check = explain.exclusion_words(e, ctx.need, ctx.request, ctx.rules)
        out.append(AlsoConsider(e.program, reason, check))
    return tuple(out)


# Limits a long-term degree option is not held to: it is for later, and may mean moving.
_LONG_TERM = MONEY_AND_TIME | {"place"}


def _degree_options(
    ctx: _Context, chosen: Sequence[Candidate], excluded: Sequence[Exclusion]
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
    ctx: _Context,
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
    hidden = len(excluded) - MAX_ALSO_CONSIDER
    if hidden > 0:
        notes.append(
            f"{hidden} more programs that would help were left out by your limits or their "
            "eligibility; 'also consider' shows the nearest five."
        )
    if ctx.field.other_audiences:
        notes.append(
            f"{ctx.field.other_audiences} programs that teach what you need are made for other "
            "roles and were not considered."
        )
    return tuple(notes)


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
