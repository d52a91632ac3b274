"""The recommendation engine: catalog + rules + request -> the best pathway (pure, exact)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from hcai_path.errors import EmptyResultError, UsageError
from hcai_path.models import DEGREE_CREDENTIALS, Program, stale_cutoff
from hcai_path.rules import Rules

# The result types are NamedTuples, not dataclasses: they cost nothing to define at start-up,
# which every `recommend` pays. Build them with keywords.

# A competency's levels run 1..3; each gets one bit of a "thermometer" code (bit
# 3 * index + level - 1), so the OR of two codes is the per-competency maximum and the
# popcount of a code is the number of gap levels it closes (each missing level weighs one).
_LEVEL_BITS = 3


class Request(NamedTuple):
    """What the user asks for, with every name already resolved to a rules or catalog id."""

    role: str
    """A role id, or a family id."""
    goals: tuple[str, ...] = ()
    """Goal ids; empty means the role's (or family's) `default_goals`."""
    budget_usd: float | None = None
    months: float | None = None
    delivery: str | None = None
    have_programs: tuple[str, ...] = ()
    """Program ids the user holds: never recommended again, and they count as coverage."""
    have_degrees: tuple[str, ...] = ()
    """Degree ids the user holds (with everything they imply)."""
    years: int | None = None
    """Years of experience; unknown counts as 0 against `min_years`."""
    exclude_stale: bool = False
    have: tuple[str, ...] | None = None
    """The user's own `--have` words, echoed in `constraints`; None: programs then degrees."""


class Constraints(NamedTuple):
    budget_usd: float | None
    months: float | None
    delivery: str | None
    have: tuple[str, ...]


class Foundation(NamedTuple):
    name: str
    status: str
    """"held", "assumed" or "recommended"."""
    program_id: str | None


class Step(NamedTuple):
    order: int
    kind: str
    """"degree" or "certificate"."""
    program: Program
    closes: tuple[str, ...]
    """Competency ids whose final level this step brings."""
    why: str


class Totals(NamedTuple):
    cost_usd: float
    """The sum of the known costs."""
    unknown_cost_steps: int
    months: float
    """The sum of the known durations (steps taken one after the other)."""
    unknown_duration_steps: int


class Pathway(NamedTuple):
    role: str
    family: str
    goals: tuple[str, ...]
    constraints: Constraints
    foundation: Foundation
    steps: tuple[Step, ...]
    totals: Totals
    gaps: tuple[str, ...]
    """Competency ids still below the level the goals need."""
    notes: tuple[str, ...]


class _Cand:
    """One candidate program, in integers: cents, hundredths of a month, a coverage code."""

    __slots__ = ("awards", "cc", "cu", "dh", "du", "id", "is_degree", "mask", "program", "req")

    def __init__(
        self,
        program: Program,
        mask: int,
        is_degree: bool,
        req: frozenset[str] | None,
        awards: frozenset[str],
    ) -> None:
        self.program = program
        self.id = program.id
        self.mask = mask
        self.is_degree = is_degree
        self.req = req  # None: eligible now; else needs one of these degrees from an earlier step
        self.awards = awards
        self.cu = 0 if program.cost_usd is not None else unknown_cost_rank(program.credential)
        self.cc = 0 if program.cost_usd is None else _cents(program.cost_usd)
        self.du = 1 if program.duration_months is None else 0
        self.dh = 0 if program.duration_months is None else _hundredths(program.duration_months)


_NO_DEGREES: frozenset[str] = frozenset()

# An unknown cost is never free, and it is not the same for every kind of program: a degree
# whose tuition is not published costs more than a short course whose fee is not. For ranking
# ties only (never in totals), each unknown-cost step weighs by its credential, so three
# unknown-cost certificates tie with one unknown-cost master's and two of them beat it.
_UNKNOWN_COST_RANK = {"doctorate": 4, "masters": 3, "graduate-certificate": 2}


def unknown_cost_rank(credential: str) -> int:
    """How heavily an unknown-cost program of this credential counts when ranking ties."""
    return _UNKNOWN_COST_RANK.get(credential, 1)


_Group = tuple[int, bool, "frozenset[str] | None", frozenset[str]]
"""Candidates alike in all but cost and duration: (code, is a degree, requirement, awards)."""


def _cents(usd: float) -> int:
    return round(usd * 100)


def _hundredths(months: float) -> int:
    return round(months * 100)


def _number(scaled: int) -> float:
    value = scaled / 100
    return int(value) if value.is_integer() else value


# Why a relevant program was left out, in the order the reasons are checked (first one wins).
(
    _STALE,
    _DELIVERY,
    _INELIGIBLE,
    _UNKNOWN_COST,
    _OVER_BUDGET,
    _UNKNOWN_TIME,
    _OVER_TIME,
    _AUDIENCE,
) = range(8)


def recommend(
    *, programs: Sequence[Program], rules: Rules, request: Request, today: dt.date
) -> Pathway:
    """The pathway that closes the most of the weighted gap under every hard constraint.

    Raises EmptyResultError when the gap is already empty or no feasible program closes any of it.
    """
    role_id, family_id, baseline, assumed, default_goals = _resolve_role(rules, request.role)
    goals = _unique(request.goals or default_goals)
    for goal in goals:
        if goal not in rules.goals:
            raise UsageError(f"unknown goal {goal!r}")
    by_id = {p.id: p for p in programs}
    held_programs = [by_id[i] for i in _unique(request.have_programs) if i in by_id]
    held_ids = frozenset(request.have_programs)

    held_degrees = list(request.have_degrees)
    for p in held_programs:
        held_degrees.extend(p.awards)
    degree_base = list(held_degrees) + ([assumed] if assumed else [])
    degrees_held = rules.degree_closure(degree_base)

    # need(c): the highest level any goal asks; have(c): the best of baseline, degrees, programs.
    need: dict[str, int] = {}
    for goal in goals:
        for comp, level in rules.goals[goal].needs.items():
            need[comp] = max(need.get(comp, 0), level)
    have: dict[str, int] = dict(baseline)
    for degree in degrees_held:
        if degree in rules.degrees:
            for comp, level in rules.degrees[degree].provides.items():
                have[comp] = max(have.get(comp, 0), level)
    for p in held_programs:
        for comp, level in _program_levels(p, rules).items():
            have[comp] = max(have.get(comp, 0), level)

    gap = [c for c in rules.competencies if need.get(c, 0) > have.get(c, 0)]
    gap += sorted(c for c in need if c not in rules.competencies and need[c] > have.get(c, 0))
    if not gap:
        raise EmptyResultError(
            f"nothing to close: the {role_id} baseline"
            + (" with what you have" if request.have_programs or request.have_degrees else "")
            + f" already brings every level that {_goal_phrase(goals)} needs"
        )
    index = {c: i for i, c in enumerate(gap)}
    low = [have.get(c, 0) for c in gap]
    high = [need[c] for c in gap]
    full_mask = 0
    for i in range(len(gap)):
        for level in range(low[i] + 1, high[i] + 1):
            full_mask |= 1 << (_LEVEL_BITS * i + level - 1)

    def code(levels: dict[str, int]) -> int:
        mask = 0
        for comp, level in levels.items():
            i = index.get(comp)
            if i is not None:
                for lv in range(low[i] + 1, min(level, high[i]) + 1):
                    mask |= 1 << (_LEVEL_BITS * i + lv - 1)
        return mask

    # --- filtering: every hard constraint, counted by the first reason that fails -------------
    budget = None if request.budget_usd is None else _cents(request.budget_usd)
    months = None if request.months is None else _hundredths(request.months)
    cutoff = stale_cutoff(today)
    my_roles = {role_id, family_id} if role_id != family_id else {family_id}
    years = request.years or 0
    excluded = [0] * 8
    # Who a program is for (its `roles`) is a hard rule too: a counsellor does not send a
    # hospital executive to a radiologists' certificate. A family serves all its roles; a
    # family asked for matches programs for any of its roles. A goal widens it: a physician
    # who wants clinical NLP takes the courses meant for data scientists (goal `audiences`).
    audience: set[str] = set()
    for ident in [role_id, *(a for g in goals for a in rules.goals[g].audiences)]:
        if ident in rules.families:
            audience |= {ident} | {r.id for r in rules.roles.values() if r.family == ident}
        else:
            audience |= {ident, rules.roles[ident].family}
    # The code of a program is the OR of its topics' codes at its credential's level, and of
    # what the degrees it awards provide; both are computed once per topic and per awards list.
    topic_codes: dict[str, dict[str, int]] = {}
    for credential, level in rules.credential_levels.items():
        topic_codes[credential] = {
            t.id: code(dict.fromkeys(t.competencies, level)) for t in rules.topics.values()
        }
    award_codes: dict[tuple[str, ...], tuple[int, frozenset[str]]] = {}
    # Programs grouped by everything but cost and duration, as (cost and duration keys, id, p).
    groups: dict[_Group, list[tuple[int, int, int, int, str, Program]]] = {}
    seen: set[str] = set()
    no_codes: dict[str, int] = {}
    for p in programs:
        if p.id in held_ids or p.id in seen:
            continue
        seen.add(p.id)
        codes = topic_codes.get(p.credential, no_codes)
        mask = 0
        for topic in p.topics:
            mask |= codes.get(topic, 0)
        awards = _NO_DEGREES
        if p.awards:
            kind = award_codes.get(p.awards)
            if kind is None:
                closure = rules.degree_closure(p.awards)
                provided: dict[str, int] = {}
                for degree in closure:
                    if degree in rules.degrees:
                        for comp, lv in rules.degrees[degree].provides.items():
                            provided[comp] = max(provided.get(comp, 0), lv)
                kind = award_codes[p.awards] = (code(provided), closure)
            mask |= kind[0]
            awards = kind[1]
        if not mask:
            continue  # closes nothing of the gap: not a candidate, and not worth a note
        if audience.isdisjoint(p.roles):
            excluded[_AUDIENCE] += 1
            continue
        if request.exclude_stale and p.verified < cutoff:
            excluded[_STALE] += 1
            continue
        if request.delivery is not None and p.delivery != request.delivery:
            excluded[_DELIVERY] += 1
            continue
        req: frozenset[str] | None = None
        elig = p.eligibility
        if elig is not None:
            if (elig.roles and my_roles.isdisjoint(elig.roles)) or elig.min_years > years:
                excluded[_INELIGIBLE] += 1
                continue
            if elig.degrees and degrees_held.isdisjoint(elig.degrees):
                req = frozenset(elig.degrees)
        cost, time = p.cost_usd, p.duration_months
        cc = 0 if cost is None else round(cost * 100)
        dh = 0 if time is None else round(time * 100)
        if budget is not None:
            if cost is None:
                excluded[_UNKNOWN_COST] += 1
                continue
            if cc > budget:
                excluded[_OVER_BUDGET] += 1
                continue
        if months is not None:
            if time is None:
                excluded[_UNKNOWN_TIME] += 1
                continue
            if dh > months:
                excluded[_OVER_TIME] += 1
                continue
        group = (mask, p.credential in DEGREE_CREDENTIALS, req, awards)
        row = (
            0 if cost is not None else unknown_cost_rank(p.credential),
            cc,
            time is None,
            dh,
            p.id,
            p,
        )
        members = groups.get(group)
        if members is None:
            groups[group] = [row]
        else:
            members.append(row)

    # A program that needs a degree stays only if some other candidate can award that degree
    # first (reachability from the programs open now; the search checks the exact order).
    reachable: set[str] = set()
    pending = [g for g in groups if g[2] is not None]
    for g in groups:
        if g[2] is None:
            reachable |= g[3]
    changed = True
    while changed and pending:
        changed = False
        for g in list(pending):
            if g[2] is not None and not g[2].isdisjoint(reachable):
                pending.remove(g)
                reachable |= g[3]
                changed = True
    for g in pending:
        excluded[_INELIGIBLE] += len(groups.pop(g))

    notes = _exclusion_notes(excluded, request)
    if not groups:
        reasons = " ".join(notes) if notes else "No program in the catalog teaches any of it."
        raise EmptyResultError(
            f"no program fits: nothing feasible closes any of your gap "
            f"({', '.join(gap)}) for {_goal_phrase(goals)}. {reasons}"
        )

    cands = _prune_dominated(groups)
    chosen = _search(cands, rules, budget, months, degrees_held)
    if not chosen:  # every candidate closes something, so this needs an infeasible order
        raise EmptyResultError(
            "no program fits: no feasible combination of programs closes any of your gap "
            f"({', '.join(gap)})"
        )
    return _build_pathway(
        chosen=chosen,
        rules=rules,
        request=request,
        role_id=role_id,
        family_id=family_id,
        goals=goals,
        gap=gap,
        low=low,
        high=high,
        full_mask=full_mask,
        degrees_held=degrees_held,
        held_programs=held_programs,
        held_degrees=held_degrees,
        assumed=assumed,
        notes=notes,
        cutoff=cutoff,
    )


def _resolve_role(
    rules: Rules, ident: str
) -> tuple[str, str, dict[str, int], str, tuple[str, ...]]:
    role = rules.roles.get(ident)
    if role is not None:
        return role.id, role.family, role.baseline, role.assumed_degree, role.default_goals
    family = rules.families.get(ident)
    if family is not None:
        return (
            family.id,
            family.id,
            family.baseline,
            family.assumed_degree,
            family.default_goals,
        )
    raise UsageError(f"unknown role {ident!r}")


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _program_levels(p: Program, rules: Rules) -> dict[str, int]:
    """The level a program brings on each competency: its credential's level on its topics,
    and what the degrees it awards provide."""
    levels: dict[str, int] = {}
    level = rules.credential_levels.get(p.credential, 0)
    if level:
        for topic in p.topics:
            t = rules.topics.get(topic)
            if t is not None:
                for comp in t.competencies:
                    if levels.get(comp, 0) < level:
                        levels[comp] = level
    if p.awards:
        for degree in rules.degree_closure(p.awards):
            d = rules.degrees.get(degree)
            if d is not None:
                for comp, lv in d.provides.items():
                    if levels.get(comp, 0) < lv:
                        levels[comp] = lv
    return levels


# --- dominance -----------------------------------------------------------------------------
#
# Candidate a dominates b when a is at least as good in everything the search looks at:
#   - coverage: a's code holds every bit of b's (a reaches every gap level b reaches);
#   - cost: (a unknown, a cents) <= (b unknown, b cents), and the same for duration;
#   - degree-ness: a is a degree only if b is (max_degrees can only get easier);
#   - eligibility: a is open now, or both need a degree and a accepts every degree b accepts;
#   - awards: a awards every degree b awards (anything b enables, a enables);
# and, when a and b tie on cost and duration, a has the smaller id (even if a awards more).
# Then b is never needed: in any feasible pathway S with b, (S - b + a) if a is not in S, or
# (S - b) if it is, is feasible (a's requirement is met by whatever met b's; a awards what b
# did; costs, durations and degree counts do not grow) and closes at least as much (coverage
# is a maximum, so with a present b adds nothing); its key is no worse and, on a full tie,
# has fewer steps or a lexicographically smaller id tuple. The relation is a strict partial
# order, so removing every dominated candidate at once keeps an optimal pathway.


def _dom_sort_key(c: _Cand) -> tuple[int, int, int, int, int, str]:
    return (-c.mask.bit_count(), c.cu, c.cc, c.du, c.dh, c.id)


def _prune_dominated(
    groups: dict[_Group, list[tuple[int, int, int, int, str, Program]]],
) -> list[_Cand]:
    # 1. Within a group, only the Pareto front of (cost key, duration key) survives: sorted by
    #    cost key, duration key and id, a program survives iff its duration key beats every
    #    earlier one.
    front: list[_Cand] = []
    for (mask, is_degree, req, awards), members in groups.items():
        members.sort(key=lambda row: row[:5])
        best: tuple[int, int] | None = None
        for _, _, du, dh, _, p in members:
            if best is None or (du, dh) < best:
                front.append(_Cand(p, mask, is_degree, req, awards))
                best = (du, dh)
    # 2. Across groups: sorted so that every dominator comes before what it dominates
    #    (more coverage first; equal coverage means an equal code, then cheaper, shorter, id).
    front.sort(key=_dom_sort_key)
    kept: list[_Cand] = []
    for b in front:
        bm = b.mask
        for a in kept:
            if (
                bm & ~a.mask == 0
                and (a.cu, a.cc) <= (b.cu, b.cc)
                and (a.du, a.dh) <= (b.du, b.dh)
                and (not a.is_degree or b.is_degree)
                and (a.req is None or (b.req is not None and a.req >= b.req))
                and a.awards >= b.awards
                # On a tie of cost and duration, swapping b for a must not make the sorted id
                # tuple worse: a needs the smaller id then (awards may differ on a tie).
                and ((a.cu, a.cc, a.du, a.dh) != (b.cu, b.cc, b.du, b.dh) or a.id < b.id)
            ):
                break
        else:
            kept.append(b)
    return kept


# --- exact search --------------------------------------------------------------------------
#
# Depth-first branch and bound over sets of at most max_steps candidates. The key, smaller is
# better: (-gap levels closed, unknown-cost rank (see _UNKNOWN_COST_RANK), known cents, unknown-
# duration steps, known hundredths of a month, steps, sorted ids). The value of a set (popcount of
# the OR of codes) is a coverage function, hence monotone submodular: what a candidate adds can
# only shrink as the set grows. So at a node with value v and r free steps, v plus the r largest
# marginal gains of the candidates still allowed bounds every extension; and the other key parts
# only grow when a step is added. A branch is cut only when that optimistic key is strictly worse
# than the best found, so the search returns the exact optimum of the key.


def _search(
    cands: list[_Cand],
    rules: Rules,
    budget: int | None,
    months: int | None,
    degrees_held: frozenset[str],
) -> list[_Cand]:
    """The exact optimum. A step that needs a degree waits ("deferred") until a step already
    chosen awards that degree, so every set is built in an eligible order, and exactly once:
    at each node the next step is the first eligible one of the set in that node's order."""
    max_steps = rules.pathway.max_steps
    max_degrees = rules.pathway.max_degrees
    big = 1 << 62
    budget_cap = big if budget is None else budget
    months_cap = big if months is None else months
    best: list[tuple[int, int, int, int, int, int, tuple[str, ...]]] = []
    best_set: list[_Cand] = []
    chosen: list[_Cand] = []

    def allowed(c: _Cand, cents: int, time: int, degrees: int) -> bool:
        return (
            cents + c.cc <= budget_cap
            and time + c.dh <= months_cap
            and (not c.is_degree or degrees < max_degrees)
        )

    def visit(
        pool: list[_Cand],
        deferred: list[_Cand],
        held: frozenset[str],
        cover: int,
        unk_cost: int,
        cents: int,
        unk_time: int,
        time: int,
        degrees: int,
    ) -> None:
        n = len(chosen)
        value = cover.bit_count()
        if n:
            key = (-value, unk_cost, cents, unk_time, time, n)
            if not best or key <= best[0][:6]:
                full = (*key, tuple(sorted(c.id for c in chosen)))
                if not best or full < best[0]:
                    best[:] = [full]
                    best_set[:] = chosen
        free = max_steps - n
        if free == 0:
            return
        if free == 1:
            # The last step: a plain scan (a waiting step would need one more step first).
            for c in pool:
                gain = (c.mask & ~cover).bit_count()
                if not gain or not allowed(c, cents, time, degrees):
                    continue
                key = (
                    -value - gain,
                    unk_cost + c.cu,
                    cents + c.cc,
                    unk_time + c.du,
                    time + c.dh,
                    n + 1,
                )
                if not best or key <= best[0][:6]:
                    full = (*key, tuple(sorted([c.id, *(x.id for x in chosen)])))
                    if not best or full < best[0]:
                        best[:] = [full]
                        best_set[:] = [*chosen, c]
            return
        # Steps still allowed, with what each still adds; one that adds nothing is kept only
        # when it awards a degree (it may make a later step eligible).
        scored: list[tuple[int, int, _Cand]] = []
        awarding: set[str] = set()
        for i, c in enumerate(pool):
            if allowed(c, cents, time, degrees):
                gain = (c.mask & ~cover).bit_count()
                if gain or c.awards:
                    scored.append((-gain, i, c))
                    awarding |= c.awards
        waiting: list[tuple[int, _Cand]] = []
        for c in deferred:
            if allowed(c, cents, time, degrees) and c.req is not None:
                if not c.req.isdisjoint(awarding):
                    gain = (c.mask & ~cover).bit_count()
                    if gain or c.awards:
                        waiting.append((gain, c))
        if not scored:
            return
        scored.sort(key=lambda t: (t[0], t[1]))
        gains = [-g for g, _, _ in scored]
        children = [c for _, _, c in scored]
        wait_cands = [c for _, c in waiting]
        # Bounds respect max_degrees: degrees and other steps are ranked apart, so the best
        # `k` further gains use at most `left` degrees. Suffixes run over the children after j.
        left = max_degrees - degrees
        size = len(children)
        deg_gains = [g for g, c in zip(gains, children, strict=True) if c.is_degree]
        other_gains = [g for g, c in zip(gains, children, strict=True) if not c.is_degree]
        wait_deg = sorted((g for g, c in waiting if c.is_degree), reverse=True)[: free - 1]
        wait_other = sorted((g for g, c in waiting if not c.is_degree), reverse=True)[: free - 1]
        deg_reach = [0] * (size + 1)
        other_reach = [0] * (size + 1)
        for c in wait_cands:
            if c.is_degree:
                deg_reach[size] |= c.mask
            else:
                other_reach[size] |= c.mask
        for j in range(size - 1, -1, -1):
            c = children[j]
            deg_reach[j] = deg_reach[j + 1] | (c.mask if c.is_degree else 0)
            other_reach[j] = other_reach[j + 1] | (0 if c.is_degree else c.mask)

        def rest_best(d_start: int, o_start: int, k: int, dl: int) -> int:
            top = 0
            for t in range(min(k, dl) + 1):
                total = _top_sum(deg_gains, d_start, wait_deg, t) + _top_sum(
                    other_gains, o_start, wait_other, k - t
                )
                top = max(top, total)
            return top

        # The cheapest (unknown, cents) pairs of the steps here: a lower bound on what more
        # steps would cost.
        cheap = sorted([(c.cu, c.cc) for c in children] + [(c.cu, c.cc) for c in wait_cands])
        open_now = held
        d_start = o_start = 0  # how many degrees / other steps are at positions <= j
        for j, c in enumerate(children):
            if c.is_degree:
                d_start += 1
            else:
                o_start += 1
            # Submodularity: what the next free - 1 steps add is at most the largest current
            # gains among the steps left after j, waiting ones included.
            envelope = value + gains[j] + rest_best(d_start, o_start, free - 1, left)
            if best and envelope < -best[0][0]:
                break  # the envelopes of later children are no larger
            dl = left - c.is_degree
            reach = cover | c.mask | other_reach[j + 1] | (deg_reach[j + 1] if dl > 0 else 0)
            bound = min(
                value + gains[j] + rest_best(d_start, o_start, free - 1, dl), reach.bit_count()
            )
            if best:
                target = -best[0][0]
                if bound < target:
                    continue
                # To reach the best value, how many more steps are needed at least?
                more = 0
                while value + gains[j] + rest_best(d_start, o_start, more, dl) < target:
                    more += 1
                extra_u = sum(u for u, _ in cheap[:more])
                extra_c = sum(cc for _, cc in cheap[:more])
                optimistic = (
                    -bound,
                    unk_cost + c.cu + extra_u,
                    cents + c.cc + extra_c,
                    unk_time + c.du,
                    time + c.dh,
                    n + 1 + more,
                )
                if optimistic > best[0][:6]:
                    continue
            now = open_now | c.awards if c.awards else open_now
            if c.awards:
                ready = [w for w in wait_cands if w.req is not None and not w.req.isdisjoint(now)]
                still = [w for w in wait_cands if w.req is not None and w.req.isdisjoint(now)]
            else:
                ready, still = [], wait_cands
            chosen.append(c)
            visit(
                children[j + 1 :] + ready,
                still,
                now,
                cover | c.mask,
                unk_cost + c.cu,
                cents + c.cc,
                unk_time + c.du,
                time + c.dh,
                degrees + c.is_degree,
            )
            chosen.pop()

    ordered = sorted(cands, key=_dom_sort_key)
    visit(
        [c for c in ordered if c.req is None or not c.req.isdisjoint(degrees_held)],
        [c for c in ordered if c.req is not None and c.req.isdisjoint(degrees_held)],
        degrees_held,
        0,
        0,
        0,
        0,
        0,
        0,
    )
    return best_set


def _top_sum(gains: list[int], start: int, extra: list[int], count: int) -> int:
    """The sum of the `count` largest of gains[start:] and extra (both sorted, largest first)."""
    if count <= 0:
        return 0
    total = 0
    i, k = start, 0
    for _ in range(count):
        if i < len(gains) and (k >= len(extra) or gains[i] >= extra[k]):
            total += gains[i]
            i += 1
        elif k < len(extra):
            total += extra[k]
            k += 1
        else:
            break
    return total


# --- explaining the result -----------------------------------------------------------------


def _build_pathway(
    *,
    chosen: list[_Cand],
    rules: Rules,
    request: Request,
    role_id: str,
    family_id: str,
    goals: tuple[str, ...],
    gap: list[str],
    low: list[int],
    high: list[int],
    full_mask: int,
    degrees_held: frozenset[str],
    held_programs: list[Program],
    held_degrees: list[str],
    assumed: str,
    notes: list[str],
    cutoff: dt.date,
) -> Pathway:
    cover = 0
    for c in chosen:
        cover |= c.mask

    def level_of(mask: int, i: int) -> int:
        field = (mask >> (_LEVEL_BITS * i)) & ((1 << _LEVEL_BITS) - 1)
        return low[i] + field.bit_count()

    reached = [level_of(cover, i) for i in range(len(gap))]

    # Who enables whom: replay the eligibility fixpoint, remembering the first enabler.
    enabler: dict[str, tuple[_Cand, str]] = {}
    held = set(degrees_held)
    source: dict[str, _Cand] = {}
    for c in sorted(chosen, key=lambda c: c.id):
        if c.req is None:
            for d in sorted(c.awards):
                source.setdefault(d, c)
            held |= c.awards
    waiting = sorted((c for c in chosen if c.req is not None), key=lambda c: c.id)
    while waiting:
        for c in list(waiting):
            assert c.req is not None
            met = [d for d in rules.degrees if d in c.req and d in held]
            met += sorted(d for d in c.req if d in held and d not in rules.degrees)
            if met:
                waiting.remove(c)
                enabler[c.id] = (source[met[0]], met[0])
                for d in sorted(c.awards):
                    source.setdefault(d, c)
                held |= c.awards

    ordered = _order_steps(chosen, enabler, gap, reached)
    position = {c.id: n for n, c in enumerate(ordered, start=1)}
    held_by_id = {p.id: p for p in held_programs}

    steps: list[Step] = []
    for n, c in enumerate(ordered, start=1):
        # What the step brings to the level the pathway reaches; a step kept only to make a
        # later one eligible names what it raises on the way instead.
        closes = tuple(
            gap[i]
            for i in range(len(gap))
            if reached[i] > low[i] and level_of(c.mask, i) == reached[i]
        ) or tuple(gap[i] for i in range(len(gap)) if level_of(c.mask, i) > low[i])
        steps.append(
            Step(
                order=n,
                kind="degree" if c.is_degree else "certificate",
                program=c.program,
                closes=closes,
                why=_why(
                    c, closes, goals, rules, low, gap, enabler, position, held_by_id, held_programs
                ),
            )
        )

    gaps = tuple(gap[i] for i in range(len(gap)) if reached[i] < high[i])
    notes = list(notes)
    for s in steps:
        p = s.program
        if p.verified < cutoff:
            notes.append(
                f"Step {s.order} ({p.name}) was last verified on {p.verified.isoformat()}, "
                "more than 18 months ago; check its page before you enrol."
            )
    unknown_cost = [s.order for s in steps if s.program.cost_usd is None]
    if unknown_cost:
        notes.append(
            f"The cost of step{_plural_list(unknown_cost)} is not published; "
            "the total counts known costs only."
        )
    unknown_time = [s.order for s in steps if s.program.duration_months is None]
    if unknown_time:
        notes.append(
            f"The duration of step{_plural_list(unknown_time)} is not published; "
            "the total counts known durations only."
        )
    awarded = set(degrees_held)
    for c in chosen:
        awarded |= c.awards
    long_term: dict[tuple[str, ...], list[str]] = {}
    for goal in goals:
        advanced = tuple(d for d in rules.goals[goal].advanced_degrees if d not in awarded)
        if advanced:
            long_term.setdefault(advanced, []).append(goal)
    for advanced, served in long_term.items():
        names = _join([rules.degrees[d].name if d in rules.degrees else d for d in advanced], "or")
        notes.append(
            f"Long term, {names} would fit {_goal_phrase(served)}; "
            "no program awarding it fits this pathway."
        )

    foundation = _foundation(steps, rules, held_degrees, held_programs, assumed)
    cents = sum(c.cc for c in chosen)
    time = sum(c.dh for c in chosen)
    have = (
        request.have if request.have is not None else request.have_programs + request.have_degrees
    )
    return Pathway(
        role=role_id,
        family=family_id,
        goals=goals,
        constraints=Constraints(
            budget_usd=request.budget_usd,
            months=request.months,
            delivery=request.delivery,
            have=tuple(have),
        ),
        foundation=foundation,
        steps=tuple(steps),
        totals=Totals(
            cost_usd=_number(cents),
            unknown_cost_steps=sum(c.program.cost_usd is None for c in chosen),
            months=_number(time),
            unknown_duration_steps=sum(c.du for c in chosen),
        ),
        gaps=gaps,
        notes=tuple(notes),
    )


def _order_steps(
    chosen: list[_Cand],
    enabler: dict[str, tuple[_Cand, str]],
    gap: list[str],
    reached: list[int],
) -> list[_Cand]:
    """Degrees first, then steps that make later ones eligible, foundations (AI basics) before
    specializations, exam certifications last; an enabler or a program that counts toward or
    prepares for another always comes before it when the catalog's links allow; ties by id."""
    ids = {c.id for c in chosen}
    enables = {e.id for e, _ in enabler.values()}
    hard: dict[str, set[str]] = {c.id: set() for c in chosen}  # id -> must come before it
    soft: dict[str, set[str]] = {c.id: set() for c in chosen}
    for dependent, (e, _) in enabler.items():
        hard[dependent].add(e.id)
    for c in chosen:
        for target in (*c.program.counts_toward, *c.program.prepares_for):
            if target in ids and target != c.id:
                soft[target].add(c.id)
    basics = 0
    if "ai-basics" in gap:
        i = gap.index("ai-basics")
        basics = ((1 << _LEVEL_BITS) - 1) << (_LEVEL_BITS * i)

    def rank(c: _Cand) -> tuple[int, str]:
        if c.is_degree:
            r = 0
        elif c.id in enables:
            r = 1
        elif c.program.credential == "certification":
            r = 4
        elif c.mask & basics:
            r = 2
        else:
            r = 3
        return (r, c.id)

    remaining = sorted(chosen, key=rank)
    placed: set[str] = set()
    out: list[_Cand] = []
    while remaining:
        pick = next(
            (c for c in remaining if hard[c.id] <= placed and soft[c.id] <= placed),
            None,
        )
        if pick is None:  # a cycle of soft links: ignore them for this pick
            pick = next(c for c in remaining if hard[c.id] <= placed)
        remaining.remove(pick)
        placed.add(pick.id)
        out.append(pick)
    return out


def _why(
    c: _Cand,
    closes: tuple[str, ...],
    goals: tuple[str, ...],
    rules: Rules,
    low: list[int],
    gap: list[str],
    enabler: dict[str, tuple[_Cand, str]],
    position: dict[str, int],
    held_by_id: dict[str, Program],
    held_programs: list[Program],
) -> str:
    have = dict(zip(gap, low, strict=True))
    names = [rules.competencies[x].name if x in rules.competencies else x for x in closes]
    served = [g for g in goals if any(rules.goals[g].needs.get(x, 0) > have[x] for x in closes)]
    served = served or list(goals)
    # A step may raise a competency without reaching the level the goals ask: say which.
    levels = _program_levels(c.program, rules)
    need = {x: max(rules.goals[g].needs.get(x, 0) for g in goals) for x in closes}
    full = [n for x, n in zip(closes, names, strict=True) if levels.get(x, 0) >= need[x]]
    part = [n for x, n in zip(closes, names, strict=True) if levels.get(x, 0) < need[x]]
    goal_text = f"your {_join(served, 'and')} goal" + ("s" if len(served) > 1 else "")
    if full and part:
        text = f"Closes {_join(full, 'and')} and builds {_join(part, 'and')} for {goal_text}"
    elif full:
        text = f"Closes {_join(full, 'and')} for {goal_text}"
    else:
        text = f"Builds {_join(part, 'and')} toward the level {goal_text} asks"
    parts = [text]
    if c.id in enabler:
        e, degree = enabler[c.id]
        degree_name = rules.degrees[degree].name if degree in rules.degrees else degree
        parts.append(
            f"you become eligible for it through step {position[e.id]} ({e.program.name}), "
            f"which awards {degree_name}"
        )
    for dependent, (e, degree) in sorted(enabler.items(), key=lambda kv: position[kv[0]]):
        if e.id == c.id:
            degree_name = rules.degrees[degree].name if degree in rules.degrees else degree
            parts.append(f"it awards {degree_name}, which step {position[dependent]} requires")
    p = c.program
    for verb, targets in (("counts toward", p.counts_toward), ("prepares you for", p.prepares_for)):
        for target in targets:
            if target in position and target != c.id:
                parts.append(f"it {verb} step {position[target]}")
            elif target in held_by_id:
                parts.append(f"it {verb} {held_by_id[target].name}, which you have")
    for h in held_programs:
        if c.id in h.counts_toward:
            parts.append(f"your {h.name} counts toward it")
        if c.id in h.prepares_for:
            parts.append(f"your {h.name} prepares you for it")
    return "; ".join(parts) + "."


def _foundation(
    steps: list[Step],
    rules: Rules,
    held_degrees: list[str],
    held_programs: list[Program],
    assumed: str,
) -> Foundation:
    for s in steps:
        if s.kind == "degree":
            return Foundation(name=s.program.name, status="recommended", program_id=s.program.id)
    for p in held_programs:
        if p.credential in DEGREE_CREDENTIALS:
            return Foundation(name=p.name, status="held", program_id=p.id)
    known = [d for d in _unique(held_degrees) if d in rules.degrees]
    if known:
        # the held degree that implies the most, first given on ties
        best = max(known, key=lambda d: (len(rules.degree_closure([d])), -known.index(d)))
        return Foundation(name=rules.degrees[best].name, status="held", program_id=None)
    if assumed and assumed in rules.degrees:
        return Foundation(name=rules.degrees[assumed].name, status="assumed", program_id=None)
    return Foundation(name="no degree assumed", status="assumed", program_id=None)


def _exclusion_notes(excluded: list[int], request: Request) -> list[str]:
    # (reason, verb for one, verb for many, what follows, how it ends), in the notes' order.
    budget, months = _money(request.budget_usd), _money(request.months)
    reasons = (
        (_OVER_BUDGET, "costs", "cost", f" more than your budget (USD {budget})", " left out."),
        (
            _UNKNOWN_COST,
            "does",
            "do",
            " not publish a cost",
            " left out: under --budget an unknown cost is never counted as free.",
        ),
        (_OVER_TIME, "takes", "take", f" longer than {months} months", " left out."),
        (_UNKNOWN_TIME, "does", "do", " not publish a duration", " left out under --months."),
        (_DELIVERY, "is", "are", f" not offered {request.delivery}", " left out."),
        (
            _INELIGIBLE,
            "is",
            "are",
            " not open to you (role, degree or years of experience)",
            " left out.",
        ),
        (_AUDIENCE, "is", "are", " meant for other roles", " not considered."),
    )
    notes: list[str] = []
    for reason, one, many, what, end in reasons:
        count = excluded[reason]
        if count == 1:
            notes.append(f"1 program that would help {one}{what} and was{end}")
        elif count:
            notes.append(f"{count} programs that would help {many}{what} and were{end}")
    count = excluded[_STALE]
    if count == 1:
        notes.append(
            "1 program that would help was last verified more than 18 months ago and left out"
            " (--exclude-stale)."
        )
    elif count:
        notes.append(
            f"{count} programs that would help were last verified more than 18 months ago and"
            " left out (--exclude-stale)."
        )
    return notes


def _money(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _goal_phrase(goals: Sequence[str]) -> str:
    return f"your {_join(list(goals), 'and')} goal{'s' if len(goals) > 1 else ''}"


def _plural_list(orders: list[int]) -> str:
    words = [str(o) for o in orders]
    return f"{'s' if len(words) > 1 else ''} {_join(words, 'and')}"


def _join(words: list[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
