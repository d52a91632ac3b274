"""The exact search: the best set of steps for a weighted coverage objective, under hard limits.

A candidate closes some gap levels (bits of `mask`), each worth its `weight` to this user, and
fills some ladder steps (bits of `ladder`), each worth `ladder_weight`, more than any coverage.
A set's value is the sum, over the gap bits, of the best weight among its steps that close the
bit, plus a fixed `depth` for each bit past awareness it closes, plus the ladder weight of
every ladder step it fills. That is a weighted coverage
function: monotone and submodular (what a step adds can only shrink as the set grows), which
is what makes the bounds below safe.

Among sets of equal value the key prefers, in order: fewer steps, the higher sum of the steps'
weights (of two fellowships that fill the same route step and close nothing, the one that runs
and suits you), fewer steps of unknown cost, the lower known cost, fewer of unknown length, the
shorter known length (or time before cost, for the "shortest" alternative), and the sorted ids.
The search returns the exact optimum of that key; tests/recommend/test_search.py proves it
against brute force.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Candidate(NamedTuple):
    """One program as the search sees it: integers and sets only."""

    id: str
    mask: int
    """Gap levels it closes (one bit each)."""
    weight: int
    """What each of those levels is worth when this step closes it."""
    ladder: int
    """Ladder steps it fills (one bit each)."""
    is_degree: bool
    requires: frozenset[str] | None
    """None: open now; else it needs one of these degrees, from the user or an earlier step."""
    awards: frozenset[str]
    """Degrees and qualifications it confers, with all they imply."""
    cents: int | None
    """Its cost in cents; None: unknown."""
    hundredths: int | None
    """Its length in hundredths of a month; None: unknown."""
    graduate: bool = False
    """A graduate programme (a graduate certificate or a degree): beside other steps, worth
    taking only for a level past awareness, a route step, or a step it opens."""


class Limits(NamedTuple):
    max_steps: int
    max_degrees: int
    budget_cents: int | None
    months_hundredths: int | None
    ladder_weight: int
    held: frozenset[str]
    """Degrees the user holds (with all they imply)."""
    time_first: bool = False
    """Break ties of value by length before cost."""
    min_step_levels: int = 1
    """In a pathway of several steps, the gap levels a step must bring that no other does
    (unless it fills a ladder step or makes another step eligible)."""
    whole: tuple[int, ...] = ()
    """Each gap competency's bits: a step that alone brings all of one competency is needed,
    however few levels that is (an ethics course that closes the ethics gap is no filler)."""
    deep: int = 0
    """Gap bits of the levels past awareness ("apply" and "lead")."""
    depth: int = 0
    """What each deep bit adds when any step closes it: being able to do a thing is worth
    more than being aware of another."""
    core: int = 0
    """Gap bits of the competencies the goals are named for."""
    core_weight: int = 0
    """What each core bit adds when any step closes it: more than all other coverage, so a
    pathway closes what the goal is about whenever one can."""


Key = tuple[int, int, int, int, int, int, int, tuple[str, ...]]


def value(chosen: Sequence[Candidate], limits: Limits) -> int:
    """The objective of a set (the reference definition; the search computes it incrementally)."""
    best: dict[int, int] = {}
    ladder = covered = 0
    for c in chosen:
        ladder |= c.ladder
        covered |= c.mask
        mask = c.mask
        while mask:
            low = mask & -mask
            bit = low.bit_length() - 1
            best[bit] = max(best.get(bit, 0), c.weight)
            mask ^= low
    fixed = _fixed(covered, limits)
    return sum(best.values()) + fixed + limits.ladder_weight * ladder.bit_count()


def _fixed(bits: int, limits: Limits) -> int:
    """What closing these gap bits is worth whichever steps close them."""
    return (
        limits.depth * (bits & limits.deep).bit_count()
        + limits.core_weight * (bits & limits.core).bit_count()
    )


def key(chosen: Sequence[Candidate], limits: Limits) -> Key:
    """The full key of a set, smaller is better."""
    unknown_cost = sum(c.cents is None for c in chosen)
    cents = sum(c.cents or 0 for c in chosen)
    unknown_time = sum(c.hundredths is None for c in chosen)
    time = sum(c.hundredths or 0 for c in chosen)
    ids = tuple(sorted(c.id for c in chosen))
    first, second = ((unknown_time, time), (unknown_cost, cents))[:: 1 if limits.time_first else -1]
    return (
        -value(chosen, limits),
        len(chosen),
        -sum(c.weight for c in chosen),
        first[0],
        first[1],
        second[0],
        second[1],
        ids,
    )


def feasible(chosen: Sequence[Candidate], limits: Limits) -> bool:
    """Every hard limit holds, some order of the steps makes each one eligible in turn, and
    every step is needed."""
    if not 0 < len(chosen) <= limits.max_steps:
        return False
    if sum(c.is_degree for c in chosen) > limits.max_degrees:
        return False
    if not within_money_and_time(chosen, limits.budget_cents, limits.months_hundredths):
        return False
    held = set(limits.held)
    waiting = list(chosen)
    while waiting:
        ready = [c for c in waiting if c.requires is None or not c.requires.isdisjoint(held)]
        if not ready:
            return False
        for c in ready:
            held |= c.awards
            waiting.remove(c)
    least = limits.min_step_levels if len(chosen) > 1 else 1
    return all(_needed(c, chosen, limits, least) for c in chosen)


def within_money_and_time(
    chosen: Sequence[Candidate], budget_cents: int | None, months_hundredths: int | None
) -> bool:
    """Whether these steps together keep to a budget and a month cap (None: no limit); a
    step of unknown cost or length never does under that limit."""
    if budget_cents is not None:
        if any(c.cents is None for c in chosen) or sum(c.cents or 0 for c in chosen) > budget_cents:
            return False
    if months_hundredths is not None:
        if any(c.hundredths is None for c in chosen):
            return False
        return sum(c.hundredths or 0 for c in chosen) <= months_hundredths
    return True


def _needed(c: Candidate, chosen: Sequence[Candidate], limits: Limits, least: int) -> bool:
    """Whether `c` brings the set enough that no other step does: `least` gap levels, a whole
    competency, a level past awareness, a ladder step, or a degree another step requires (an
    adviser never adds a step that only repeats, nor one for a stray level of awareness). A
    graduate programme beside other steps must bring a level past awareness, a ladder step or
    an opened step: levels and competencies of awareness alone are a course's job."""
    others_mask = others_ladder = 0
    for x in chosen:
        if x is not c:
            others_mask |= x.mask
            others_ladder |= x.ladder
    own = c.mask & ~others_mask
    if own & limits.deep or c.ladder & ~others_ladder:
        return True
    # Months of graduate study only to become aware of something: an adviser names a course.
    if not (c.graduate and len(chosen) > 1):
        if own.bit_count() >= least:
            return True
        if any(m and c.mask & m == m and not others_mask & m for m in limits.whole):
            return True
    held = limits.held
    return any(
        x.requires is not None
        and x.requires.isdisjoint(held)
        and not x.requires.isdisjoint(c.awards)
        for x in chosen
        if x is not c
    )


def prune(cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates no other one dominates.

    a dominates b when a is at least as good in all the search looks at: it closes the same
    levels at a weight no lower, fills the same ladder steps, costs and takes no more
    (an unknown counts as worse than any known figure), is a degree only if b is and a
    graduate programme only if b is, is open
    whenever b is (open now, or needing only degrees that would admit b), and awards all b
    awards; on a full tie of cost and length, a has the smaller id. Then b is never needed: in
    any feasible set with b, putting a in its place (or just dropping b when a is there)
    stays feasible and is no worse on the key. The relation is a strict partial order, so
    dropping every dominated candidate at once keeps an optimum.
    """
    order = sorted(cands, key=promise)
    kept: list[Candidate] = []
    for b in order:
        if not any(_dominates(a, b) for a in kept):
            kept.append(b)
    return kept


def promise(c: Candidate) -> tuple[int, int, int, int, int, int, str]:
    """Most promising first: the coverage it is worth, the route steps it fills, then known
    cost and length, then id."""
    cost = (1, 0) if c.cents is None else (0, c.cents)
    time = (1, 0) if c.hundredths is None else (0, c.hundredths)
    return (-c.mask.bit_count() * c.weight, -c.ladder.bit_count(), *cost, *time, c.id)


def _dominates(a: Candidate, b: Candidate) -> bool:
    # The same gap levels and ladder steps exactly: a wider a could leave another step of the
    # set with nothing of its own, which the set may not hold (see `_needed`).
    if a.mask != b.mask or a.ladder != b.ladder or a.weight < b.weight:
        return False
    cost_a = (1, 0) if a.cents is None else (0, a.cents)
    cost_b = (1, 0) if b.cents is None else (0, b.cents)
    time_a = (1, 0) if a.hundredths is None else (0, a.hundredths)
    time_b = (1, 0) if b.hundredths is None else (0, b.hundredths)
    if cost_a > cost_b or time_a > time_b:
        return False
    if a.is_degree and not b.is_degree or a.graduate and not b.graduate:
        return False
    if a.requires is not None and (b.requires is None or not a.requires >= b.requires):
        return False
    if not a.awards >= b.awards:
        return False
    # On a full tie of cost and length, the smaller id wins the key: a must be that one.
    return (cost_a, time_a) != (cost_b, time_b) or a.id < b.id


def best(cands: Sequence[Candidate], limits: Limits) -> tuple[Candidate, ...]:
    """The feasible set with the smallest key; () when no candidate is feasible alone or in
    an eligible order."""
    pool = sorted(prune(cands), key=promise)
    search = _Search(pool, limits)
    uncovered = 0
    for c in pool:
        uncovered |= c.mask
    search.visit(0, [], {0: uncovered}, 0)
    return tuple(search.best_set)


Levels = dict[int, int]
"""The gap bits of a set by the best weight it brings to them (weight 0: not closed yet)."""


def _gains(pool: Sequence[Candidate], levels: Levels, ladder: int, limits: Limits) -> list[int]:
    """What each candidate adds to a set with these levels and ladder steps (the search's
    innermost loop, so written out flat)."""
    uncovered = levels.get(0, 0)
    items = list(levels.items())
    lw, deep, depth = limits.ladder_weight, limits.deep, limits.depth
    core, core_weight = limits.core, limits.core_weight
    out = []
    for c in pool:
        mask, weight = c.mask, c.weight
        total = lw * (c.ladder & ~ladder).bit_count() if c.ladder else 0
        new = mask & uncovered
        if new:
            total += depth * (new & deep).bit_count() + core_weight * (new & core).bit_count()
        for level, bits in items:
            if level < weight:
                total += (weight - level) * (mask & bits).bit_count()
        out.append(total)
    return out


def _raise(levels: Levels, c: Candidate) -> Levels:
    """The levels once `c` is in the set."""
    out: Levels = {}
    moved = 0
    for weight, bits in levels.items():
        if weight < c.weight:
            moved |= bits & c.mask
            bits &= ~c.mask
        if bits:
            out[weight] = out.get(weight, 0) | bits
    if moved:
        out[c.weight] = out.get(c.weight, 0) | moved
    return out


class _Search:
    """Depth-first branch and bound over the pool: each set is built once, its members taken
    in pool order, though the children of a node are tried best-first."""

    def __init__(self, pool: list[Candidate], limits: Limits) -> None:
        self.pool, self.limits = pool, limits
        self.reach = 0
        """The gap bits some candidate closes (bits outside it are never in `levels`)."""
        for c in pool:
            self.reach |= c.mask
        self.best_key: Key | None = None
        self.best_set: list[Candidate] = []

    def visit(self, start: int, chosen: list[Candidate], levels: Levels, ladder: int) -> None:
        limits = self.limits
        if chosen and feasible(chosen, limits):
            k = key(chosen, limits)
            if self.best_key is None or k < self.best_key:
                self.best_key, self.best_set = k, list(chosen)
        free = limits.max_steps - len(chosen)
        if free == 0 or start >= len(self.pool):
            return
        current = sum(w * bits.bit_count() for w, bits in levels.items())
        current += _fixed(self.reach & ~levels.get(0, 0), limits)
        current += limits.ladder_weight * ladder.bit_count()
        gains = _gains(self.pool[start:], levels, ladder, limits)
        # rest[p]: the free - 1 largest gains after position p. By submodularity nothing a
        # set of free - 1 more steps adds can exceed it.
        rest = [0] * (len(gains) + 1)
        top: list[int] = []
        room, running = free - 1, 0
        for p in range(len(gains) - 1, -1, -1):
            rest[p] = running
            g = gains[p]
            if room and (len(top) < room or g > top[-1]):
                top = sorted([*top, g], reverse=True)[:room]
                running = sum(top)
        for p in sorted(range(len(gains)), key=lambda q: -gains[q]):
            c = self.pool[start + p]
            if gains[p] == 0 and not c.awards:
                continue  # adds nothing and enables nothing: never part of a best set
            if not self._allowed(c, chosen):
                continue
            bound = current + gains[p] + rest[p]
            if self.best_key is not None and -bound > self.best_key[0]:
                continue  # even the best completion is worth less than the best found
            chosen.append(c)
            self.visit(start + p + 1, chosen, _raise(levels, c), ladder | c.ladder)
            chosen.pop()

    def _allowed(self, c: Candidate, chosen: list[Candidate]) -> bool:
        """Partial limits that adding `c` can only break further: degrees, money, time."""
        limits = self.limits
        if c.is_degree and sum(x.is_degree for x in chosen) >= limits.max_degrees:
            return False
        if limits.budget_cents is not None:
            if c.cents is None or sum(x.cents or 0 for x in chosen) + c.cents > limits.budget_cents:
                return False
        if limits.months_hundredths is not None:
            spent = sum(x.hundredths or 0 for x in chosen)
            if c.hundredths is None or spent + c.hundredths > limits.months_hundredths:
                return False
        return True
