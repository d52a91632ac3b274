"""What a careers adviser values, as data: the gap a person has to close, the credential
ladders that apply, and for each program whether it is open to them and what it is worth.

No prose here (explain.py words it all): exclusions carry a code and the facts behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from hcai_path.models import DEGREE_CREDENTIALS, Program, Request, Route
from hcai_path.recommend.search import Candidate
from hcai_path.rules import Goal, Ladder, Rules

GRADUATE_CREDENTIALS = DEGREE_CREDENTIALS | {"graduate-certificate"}
"""Credit-bearing graduate programmes: beside other steps, not for awareness alone."""

LADDER_FIT = 1 << 20
"""What a ladder step adds to a program's fit: more than any coverage (the route first)."""

LEVEL_BITS = 3
"""A competency's levels 1..3 each get one bit (bit 3 * index + level - 1), so the union of two
codes is the per-competency maximum and each missing level is one bit."""


class Need(NamedTuple):
    """Who asks, for what, and the gap between what the goals need and what they bring."""

    role: str
    family: str
    goals: tuple[str, ...]
    gap: tuple[str, ...]
    """Competencies below the level the goals need, in the rules' order."""
    low: tuple[int, ...]
    """The level brought already, per gap competency."""
    high: tuple[int, ...]
    """The level the goals need, per gap competency."""
    held: frozenset[str]
    """Degrees held or assumed, with all they imply."""
    stated_degrees: tuple[str, ...]
    """Degrees the user said they hold, and those their held programs award."""
    held_programs: tuple[Program, ...]
    assumed: str
    audience: frozenset[str]
    """Roles and families whose programs suit this person for these goals."""
    ladders: tuple[Ladder, ...]
    """The ladders of this role and these goals."""
    ladder_done: frozenset[tuple[int, int]]
    """(ladder, step) pairs the user already holds."""
    core: tuple[str, ...] = ()
    """The gap competencies the goals are named for (clinical NLP for clinical-nlp)."""

    def core_mask(self) -> int:
        """The gap bits of the core competencies."""
        return self.code(dict.fromkeys(self.core, 3))

    def code(self, levels: Mapping[str, int]) -> int:
        """The gap bits that these competency levels close."""
        mask = 0
        for i, competency in enumerate(self.gap):
            level = levels.get(competency, 0)
            for lv in range(self.low[i] + 1, min(level, self.high[i]) + 1):
                mask |= 1 << (LEVEL_BITS * i + lv - 1)
        return mask

    def level(self, mask: int, i: int) -> int:
        """The level competency `i` of the gap reaches with these bits."""
        field = (mask >> (LEVEL_BITS * i)) & ((1 << LEVEL_BITS) - 1)
        return self.low[i] + field.bit_count()


def assess_need(rules: Rules, request: Request, programs: Sequence[Program]) -> Need:
    """The gap: need(c) is the highest level a goal asks; have(c) the best of the role's
    baseline, the degrees held (or assumed for the role) and the programs held."""
    role, family, baseline, assumed, default_goals = _role(rules, request.role)
    goals = tuple(dict.fromkeys(request.goals or default_goals))
    by_id = {p.id: p for p in programs}
    held_programs = tuple(by_id[i] for i in dict.fromkeys(request.have_programs) if i in by_id)
    stated = list(request.have_degrees)
    for p in held_programs:
        stated.extend(p.awards)
    held = rules.degree_closure(stated + ([assumed] if assumed else []))
    need: dict[str, int] = {}
    for goal in goals:
        for competency, level in rules.goals[goal].needs.items():
            need[competency] = max(need.get(competency, 0), level)
    have = dict(baseline)
    for degree in held:
        if degree in rules.degrees:
            _raise_to(have, rules.degrees[degree].provides)
    for p in held_programs:
        _raise_to(have, program_levels(p, rules))
    gap = tuple(c for c in rules.competencies if need.get(c, 0) > have.get(c, 0))
    ladders = tuple(
        ladder
        for ladder in rules.ladders
        if {role, family} & set(ladder.roles) and set(goals) & set(ladder.goals)
    )
    held_ids = {p.id for p in held_programs}
    done = frozenset(
        (n, k)
        for n, ladder in enumerate(ladders)
        for k, step in enumerate(ladder.steps)
        if held_ids & set(step.programs) or held & set(step.awards)
    )
    return Need(
        role=role,
        family=family,
        goals=goals,
        gap=gap,
        low=tuple(have.get(c, 0) for c in gap),
        high=tuple(need[c] for c in gap),
        held=held,
        stated_degrees=tuple(dict.fromkeys(stated)),
        held_programs=held_programs,
        assumed=assumed,
        audience=_audience(rules, role, goals),
        ladders=ladders,
        ladder_done=done,
        core=tuple(c for c in gap if any(rules.goals[g].core == c for g in goals)),
    )


def _role(rules: Rules, ident: str) -> tuple[str, str, dict[str, int], str, tuple[str, ...]]:
    role = rules.roles.get(ident)
    if role is not None:
        return role.id, role.family, role.baseline, role.assumed_degree, role.default_goals
    family = rules.families[ident]  # the request is resolved: a role or a family
    return family.id, family.id, family.baseline, family.assumed_degree, family.default_goals


def _raise_to(have: dict[str, int], levels: Mapping[str, int]) -> None:
    for competency, level in levels.items():
        if level > have.get(competency, 0):
            have[competency] = level


def _audience(rules: Rules, role: str, goals: Iterable[str]) -> frozenset[str]:
    """Who a program may be made for and still suit: the role and its family (a family's
    roles when the user names the family), and the audiences of the goals as written (a
    physician who wants clinical NLP takes the data scientists' courses, not those made for
    senior health leaders)."""
    if role in rules.families:
        out = {role} | {r.id for r in rules.roles.values() if r.family == role}
    else:
        out = {role, rules.roles[role].family}
    out.update(a for g in goals for a in rules.goals[g].audiences)
    return frozenset(out)


def program_levels(p: Program, rules: Rules, *, nominal: bool = False) -> dict[str, int]:
    """The level a program brings on each competency: its recognition's level on its topics'
    competencies (at most "aware" for a course of days; none for an exam, which certifies
    rather than teaches, unless `nominal` asks what its topics are about), and what its
    degrees provide."""
    levels: dict[str, int] = {}
    rule = rules.recognition_of(p.recognition, p.credential)
    level = max(rule.level, 1) if nominal else rule.level
    short = p.duration_months is not None and p.duration_months < rules.fit.short_course_months
    if short and rule.kind != "certification":
        level = min(level, 1)  # days of teaching bring awareness, not practice
    for topic in p.topics:
        t = rules.topics.get(topic)
        if t is not None:
            _raise_to(levels, dict.fromkeys(t.competencies, level))
    for degree in rules.degree_closure(p.awards):
        if degree in rules.degrees:
            _raise_to(levels, rules.degrees[degree].provides)
    return levels


# ---- one program, for one person ---------------------------------------------------------


class Exclusion(NamedTuple):
    """Why a program that would help is not a step, with the facts the explanation needs."""

    program: Program
    code: str
    """paused, stale, delivery, country, role, years, degree, unknown-cost, over-budget,
    unknown-time, over-time, off-route (a certification that is no step of a ladder here),
    place (taught on site, and the user gave no country)."""
    fit: int
    """How much it would have helped (nearest first)."""
    cost_usd: float | None = None
    routes: tuple[Route, ...] = ()
    """Its eligibility routes, when eligibility is the reason."""
    core: bool = False
    """Whether it teaches what the goal is named for (a gap level of a core competency)."""

    @property
    def route_step(self) -> bool:
        """Whether it fills a step of a recognised route (its fit holds a ladder step)."""
        return self.fit >= LADDER_FIT


def exclusion_order(e: Exclusion) -> tuple[bool, bool, int, str]:
    """Nearest first: what a limit or a fact kept out before certifications off the route;
    among those, ladder steps and programs that teach what the goal is named for first."""
    return (e.code == "off-route", not (e.route_step or e.core), -e.fit, e.program.id)


class Assessment(NamedTuple):
    candidates: tuple[Candidate, ...]
    programs: Mapping[str, Program]
    """Candidate id -> program."""
    costs: Mapping[str, float | None]
    """Candidate id -> the cost that applies to this person."""
    conditions: Mapping[str, tuple[Route, ...]]
    """Candidate id -> the routes it takes whose years the user did not give."""
    excluded: tuple[Exclusion, ...]
    """Nearest first."""
    degree_pool: tuple[Program, ...]
    """Degree programs that fit the goals but are not steps of this pathway."""
    on_site: frozenset[str]
    """Candidates taught only in person when the user gave no country: not main steps."""
    other_audiences: int
    """Programs that would help but are made for other roles."""


def cost_for(p: Program, country: str | None) -> float | None:
    """The fee that applies: home where the user lives in the program's country, international
    elsewhere, and the higher of the two when the user did not say where they live; unknown
    when only the home fee is published and the user is not known to be a home student."""
    home, international = p.cost_usd, p.cost_usd_international
    if p.cost_basis == "home" and international is None:
        # Only the home students' fee is published: yours only where you are one of them.
        return home if country is not None and country == p.country else None
    if international is None or home is None:
        return home if home is not None else international
    if country is None:
        return max(home, international)
    return home if country == p.country else international


def on_site(p: Program) -> bool:
    """Whether its teaching is in person or hybrid. An exam is sat at a test centre or
    remotely, so a certification is never on site."""
    return p.delivery != "online" and p.credential != "certification"


def relocates(p: Program, country: str | None) -> bool:
    """Whether taking it may mean living elsewhere: taught on site, and the user gave no
    country."""
    return country is None and on_site(p)


def weight(p: Program, rules: Rules, need: Need, *, stale: bool, country: str | None) -> int:
    """What each gap level this program closes is worth to this person (see `[fit]`): its
    recognition, who it is made for, whether it runs, how fresh and how near it is, and
    whether its main subject is one the goals ask for."""
    fit = rules.fit
    rank = rules.recognition_of(p.recognition, p.credential).rank
    value = fit.recognition * rank + fit.audience * audience_fit(p, need)
    value += fit.active if p.status == "active" else 0
    value -= fit.stale if stale else 0
    value -= fit.relocate if relocates(p, country) else 0
    if not on_subject(p, rules, need):
        # Its main subject (the first topic) is not one the goals ask for: an imaging course
        # is a poorer way to learn AI basics for informatics than a course about them.
        value = value * 3 // 4
    return max(1, value) + fit.level


def on_subject(p: Program, rules: Rules, need: Need) -> bool:
    """Whether its main subject (its first topic) is one the goals ask for."""
    return not p.topics or _wanted(p.topics[0], rules, need)


def _wanted(topic: str, rules: Rules, need: Need) -> bool:
    """Whether a topic teaches a competency the goals ask for."""
    t = rules.topics.get(topic)
    return t is not None and any(
        rules.goals[g].needs.get(c) for g in need.goals for c in t.competencies
    )


def audience_fit(p: Program, need: Need) -> int:
    """3 when made for this role, 2 for its family, 1 for anyone pursuing the goals."""
    if need.role in p.roles:
        return 3
    if need.family in p.roles:
        return 2
    return 1


def ladder_bits(p: Program, awards: frozenset[str], need: Need) -> int:
    """The ladder steps (one bit per step of each applicable ladder) a program fills."""
    mask, bit = 0, 0
    for n, ladder in enumerate(need.ladders):
        for k, step in enumerate(ladder.steps):
            if step.filled_by(p.id, awards, p.roles) and (n, k) not in need.ladder_done:
                mask |= 1 << bit
            bit += 1
    return mask


class Eligibility(NamedTuple):
    ok: bool
    requires: frozenset[str] | None
    """Degrees of which one must come first (from an earlier step), None when open now."""
    conditions: tuple[Route, ...]
    """Routes it is open through only if the user has the years they did not give."""
    code: str
    """When not ok: role or years, the first thing no route gets past."""


def for_role(route: Route, need: Need) -> bool:
    """Whether a route is open to the user's role or family (a route naming no role is)."""
    return not route.roles or not {need.role, need.family}.isdisjoint(route.roles)


def admits(route: Route, need: Need, years: int | None) -> bool:
    """Whether this route admits the user now: their role or family, enough years (or years
    not given), and a degree it asks for."""
    return (
        for_role(route, need)
        and (years is None or route.min_years <= years)
        and (not route.degrees or not need.held.isdisjoint(route.degrees))
    )


def eligibility(p: Program, need: Need, years: int | None) -> Eligibility:
    """Whether any route admits the user: now, after an earlier step, or with years unknown."""
    routes = p.eligibility.routes if p.eligibility is not None else ()
    if not routes:
        return Eligibility(True, None, (), "")
    by_role = [r for r in routes if for_role(r, need)]
    if not by_role:
        return Eligibility(False, None, (), "role")
    by_years = [r for r in by_role if years is None or r.min_years <= years]
    if not by_years:
        return Eligibility(False, None, (), "years")
    open_now = [r for r in by_years if admits(r, need, years)]
    usable = open_now or by_years
    certain = [r for r in usable if r.min_years == 0 or years is not None]
    conditions = () if certain else tuple(r for r in usable if r.min_years)
    if open_now:
        return Eligibility(True, None, conditions, "")
    requires = frozenset(d for r in by_years for d in r.degrees)
    return Eligibility(True, requires, conditions, "")


def assess_programs(
    programs: Sequence[Program],
    *,
    rules: Rules,
    request: Request,
    need: Need,
    today: dt.date,
    include_degrees: frozenset[str],
) -> Assessment:
    """Every program that would help, as a candidate step or an exclusion with its reason; a
    degree program is a candidate only if it awards one of `include_degrees`, else it goes to
    `degree_pool`."""
    from hcai_path.models import stale_cutoff

    cutoff = stale_cutoff(today)
    core_mask = need.core_mask()
    held_ids = {p.id for p in need.held_programs}
    out = _Collector()
    seen: set[str] = set()
    for p in programs:
        if p.id in held_ids or p.id in seen or p.status == "discontinued":
            continue
        seen.add(p.id)
        awards = rules.degree_closure(p.awards) if p.awards else frozenset()
        mask = need.code(program_levels(p, rules))
        ladder = ladder_bits(p, awards, need)
        about = mask or need.code(program_levels(p, rules, nominal=True))
        if need.audience.isdisjoint(p.roles) and not ladder:
            out.other_audiences += 1 if about else 0
            continue
        if not about and not ladder:
            # About nothing of the gap and no step of a ladder; yet a degree of the kind the
            # goals fit long term (an informatics master's made for health leaders, for the
            # leadership goal) is still one of the degree options.
            kind = rules.recognition_of(p.recognition, p.credential).kind
            if kind == "degree" and not awards.isdisjoint(include_degrees):
                out.degree_pool.append(p)
            continue
        stale = p.verified < cutoff
        core = bool(mask & core_mask)
        w = weight(p, rules, need, stale=stale, country=request.country)
        fit = w * about.bit_count() + LADDER_FIT * ladder.bit_count()
        kind = rules.recognition_of(p.recognition, p.credential).kind
        is_degree = kind == "degree"
        if is_degree and not ladder and awards.isdisjoint(include_degrees):
            out.degree_pool.append(p)
            continue
        code = _kept_out(
            p, request, stale=stale, exam_off_route=kind == "certification" and not ladder
        )
        if code:
            out.exclude(Exclusion(p, code, fit, cost_for(p, request.country), core=core))
            continue
        # Taught on site (in person or hybrid), and we do not know where the user can be: no
        # step of the pathway (a ladder step excepted: a fellowship is on site by nature), but
        # the alternative "in person" may take it, and "also consider" names it.
        if not ladder and relocates(p, request.country):
            out.exclude(Exclusion(p, "place", fit, cost_for(p, request.country), core=core))
        admitted = eligibility(p, need, request.years)
        if not admitted.ok:
            routes = p.eligibility.routes if p.eligibility is not None else ()
            out.exclude(Exclusion(p, admitted.code, fit, routes=routes, core=core))
            continue
        cost = cost_for(p, request.country)
        code = _money_and_time(p, cost, request)
        if code:
            out.exclude(Exclusion(p, code, fit, cost, core=core))
            continue
        out.add(
            Candidate(
                id=p.id,
                mask=mask,
                weight=w,
                ladder=ladder,
                is_degree=is_degree,
                requires=admitted.requires,
                awards=awards,
                cents=None if cost is None else round(cost * 100),
                hundredths=None if p.duration_months is None else round(p.duration_months * 100),
                graduate=p.credential in GRADUATE_CREDENTIALS,
            ),
            p,
            cost,
            admitted.conditions,
        )
    return out.result()


def _kept_out(p: Program, request: Request, *, stale: bool, exam_off_route: bool) -> str:
    """Why a program is no step whatever else holds, or "". The limits you set and its state
    come first: a US exam is not one "off the route" to mention to someone who studies in
    Britain, it is out of place. An exam certifies experience rather than teaching it: an
    adviser names one when it is the recognised credential of the goal (a ladder step), else
    mentions it."""
    code = hard_limit(p, request, stale=stale)
    return code or ("off-route" if exam_off_route else "")


def unconfirmed(p: Program, *, stale: bool) -> bool:
    """Whether nothing read in the last 18 months shows it still runs: stale, and no current
    intake found. An adviser names such a program only as one to check, never as a step."""
    return stale and p.status != "active"


def hard_limit(p: Program, request: Request, *, stale: bool) -> str:
    """The first limit of place, delivery, status or freshness the program breaks, or ""."""
    if p.status == "paused":
        return "paused"
    if request.exclude_stale and stale:
        return "stale"
    if unconfirmed(p, stale=stale):
        return "unconfirmed"
    if request.delivery is not None and p.delivery != request.delivery:
        return "delivery"
    if request.country is not None and p.delivery != "online" and p.country != request.country:
        return "country"
    return ""


def _money_and_time(p: Program, cost: float | None, request: Request) -> str:
    if request.budget_usd is not None:
        if cost is None:
            return "unknown-cost"
        if round(cost * 100) > round(request.budget_usd * 100):
            return "over-budget"
    if request.months is not None:
        if p.duration_months is None:
            return "unknown-time"
        if round(p.duration_months * 100) > round(request.months * 100):
            return "over-time"
    return ""


class _Collector:
    def __init__(self) -> None:
        self.candidates: list[Candidate] = []
        self.programs: dict[str, Program] = {}
        self.costs: dict[str, float | None] = {}
        self.conditions: dict[str, tuple[Route, ...]] = {}
        self.excluded: list[Exclusion] = []
        self.degree_pool: list[Program] = []
        self.on_site: set[str] = set()
        self.other_audiences = 0

    def add(
        self, c: Candidate, p: Program, cost: float | None, conditions: tuple[Route, ...]
    ) -> None:
        if any(e.program.id == c.id and e.code == "place" for e in self.excluded[-1:]):
            self.on_site.add(c.id)
        self.candidates.append(c)
        self.programs[c.id] = p
        self.costs[c.id] = cost
        if conditions:
            self.conditions[c.id] = conditions

    def exclude(self, e: Exclusion) -> None:
        self.excluded.append(e)

    def result(self) -> Assessment:
        return Assessment(
            candidates=tuple(self.candidates),
            programs=self.programs,
            costs=self.costs,
            conditions=self.conditions,
            excluded=tuple(sorted(self.excluded, key=exclusion_order)),
            degree_pool=tuple(self.degree_pool),
            on_site=frozenset(self.on_site),
            other_audiences=self.other_audiences,
        )


MONEY_AND_TIME = frozenset({"over-budget", "unknown-cost", "over-time", "unknown-time"})


def degree_answered(need: Need, goal: Goal) -> bool:
    """Whether a degree held (or assumed for the role) answers the goal's long-term degree
    question: it is one the goal fits, and it leaves the goal's core at most one level short.
    A medical degree is a doctorate, yet it teaches no statistics: it answers a research goal
    (doctoral research training, one level short of leading it) but not a data-science one."""
    if need.held.isdisjoint(goal.advanced_degrees):
        return False
    if goal.core not in need.gap:
        return True
    i = need.gap.index(goal.core)
    return need.high[i] - need.low[i] < 2


def wanted_degrees(need: Need, rules: Rules) -> frozenset[str]:
    """The degrees the goals fit long term, for the goals no degree held answers."""
    return frozenset(
        d
        for g in need.goals
        if not degree_answered(need, rules.goals[g])
        for d in rules.goals[g].advanced_degrees
    )


def only_a_degree_closes(
    need: Need, rules: Rules, everything: Sequence[Candidate], field: Assessment
) -> frozenset[str]:
    """The degree candidates that take a goal's core competency to the level it needs when no
    program but a degree does (health informatics to "lead" for an informaticist): then the
    degree question is part of the pathway, not only of the degree options. Only a degree
    that closes the core is called in: a doctorate in language processing is no way to learn
    the ethics of AI. A program kept out only by your budget or time, or an unpublished price
    or length, still counts as a way (it is named under also consider)."""
    masks = [c.mask for c in everything if not c.is_degree and c.id not in field.on_site]
    masks += [
        need.code(program_levels(e.program, rules))
        for e in field.excluded
        if e.code in MONEY_AND_TIME
        and rules.recognition_of(e.program.recognition, e.program.credential).kind != "degree"
    ]
    out: set[str] = set()
    for goal in need.goals:
        g = rules.goals[goal]
        if g.core not in need.gap or degree_answered(need, g):
            continue
        i = need.gap.index(g.core)
        if max((need.level(m, i) for m in masks), default=need.low[i]) < need.high[i]:
            out.update(
                c.id
                for c in everything
                if c.is_degree
                and not c.awards.isdisjoint(g.advanced_degrees)
                and need.level(c.mask, i) >= need.high[i]
            )
    return frozenset(out)
