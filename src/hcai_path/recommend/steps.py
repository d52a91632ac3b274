"""The steps of a pathway as the user reads them: their order, what each closes and builds,
and the words an adviser says about each (the context the pathway and its alternatives share)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hcai_path.models import Request, Step, Totals
from hcai_path.recommend import explain
from hcai_path.recommend.fit import Assessment, Need, program_levels
from hcai_path.recommend.search import Candidate, within_money_and_time
from hcai_path.rules import Rules

MAX_ALIKE = 5
"""At most this many other programs named for a route step (fellowships are applied to in
numbers; beyond five the catalog is the place to look)."""


class Context:
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
            earlier = [*written, *sorted(self.rules.degree_closure(written))]
            # The routes that wait on years you did not give: said in its words, and where the
            # timeline puts it.
            waiting = explain.waiting_routes(
                p, self.need, self.request, self.field.conditions.get(c.id, ()), earlier
            )
            alike = self._alike(c, chosen)
            why = explain.step_why(
                step,
                need=self.need,
                rules=self.rules,
                request=self.request,
                today=self.today,
                conditions=waiting,
                enabled_by=None if enabled_by is None else steps[position[enabled_by] - 1],
                enables=[steps[position[d] - 1] for d, e in enabler.items() if e == c.id],
                leads_to=[
                    steps[position[t] - 1]
                    for t in (*p.prepares_for, *p.counts_toward)
                    if t in position and t != c.id
                ],
                earlier_awards=earlier,
                alike=alike,
                opens=self._opens(c, chosen),
            )
            after = waiting[0].min_years if waiting and waiting[0].min_years else None
            written.extend(p.awards)
            out.append(step._replace(why=why, after_years=after, alike=alike))
        return tuple(out)

    def _alike(self, c: Candidate, chosen: Sequence[Candidate]) -> tuple[str, ...]:
        """Other candidates that fill the same route step as `c` (not exams, which are one
        body's), best fit first, at most `MAX_ALIKE`: each one you could take in its place,
        open to you after the same earlier steps and within your budget and months with the
        other steps."""
        kind = self.rules.recognition_of
        p = self.field.programs[c.id]
        if not c.ladder or kind(p.recognition, p.credential).kind == "certification":
            return ()
        taken = {x.id for x in chosen}
        others = [x for x in chosen if x.id != c.id]
        reach = set(self.need.held).union(*(x.awards for x in others))
        same = [
            x
            for x in self.field.candidates
            if x.ladder & c.ladder
            and x.id not in taken
            and (x.requires is None or not x.requires.isdisjoint(reach))
            and within_money_and_time([*others, x], *self._caps())
        ]
        same.sort(key=lambda x: (-x.weight * max(1, x.mask.bit_count()), x.id))
        return tuple(x.id for x in same[:MAX_ALIKE])

    def _caps(self) -> tuple[int | None, int | None]:
        """Your budget in cents and months in hundredths, as the search counts them."""
        budget, months = self.request.budget_usd, self.request.months
        return (
            None if budget is None else round(budget * 100),
            None if months is None else round(months * 100),
        )

    def _opens(self, c: Candidate, chosen: Sequence[Candidate]) -> list[str]:
        """Recognised certifications of the route, not in the pathway, that a degree step
        makes you eligible for through a route you could not take before (AMIA's AHIC
        Track 1 after an informatics master's)."""
        if not c.is_degree:
            return []
        taken = {x.id for x in chosen}
        out = []
        for x in self.field.candidates:
            p = self.field.programs[x.id]
            if not x.ladder or x.id in taken or p.eligibility is None:
                continue
            opened = [
                r
                for r in p.eligibility.routes
                if r.degrees
                and self.need.held.isdisjoint(r.degrees)
                and not c.awards.isdisjoint(r.degrees)
            ]
            if opened:
                # Its name and the route the degree opens, in the route's own words.
                words = opened[0].note or explain.route_words(opened[0], self.need, self.rules)
                out.append(f"{p.name} ({x.id}; {words})")
        return out[:3]

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
        cover = levels_of(chosen)
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


def totals_of(steps: Sequence[Step]) -> Totals:
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


def levels_of(chosen: Sequence[Candidate]) -> int:
    """The gap levels a set of steps brings (the union of their bits)."""
    cover = 0
    for c in chosen:
        cover |= c.mask
    return cover
