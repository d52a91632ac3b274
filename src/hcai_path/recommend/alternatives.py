"""Up to three other pathways beside the main one, each differing by at least one step and
saying what it gives up and gains: without or with a degree, other programs, in person, the
cheapest known cost, the shortest, online only."""

from __future__ import annotations

from collections.abc import Sequence

from hcai_path.models import Alternative, Step, Totals
from hcai_path.recommend import explain
from hcai_path.recommend.fit import LEVEL_BITS, Need, on_site, on_subject, relocates
from hcai_path.recommend.search import Candidate, Limits, best, promise
from hcai_path.recommend.steps import Context, levels_of, totals_of

MAX_ALTERNATIVES = 3
IN_PERSON = "in person, if you can travel"


Variant = tuple[str, Sequence[Candidate], Limits]
"""A kind of alternative: its label, the candidates it may take, and its limits."""


def other_pathways(
    ctx: Context,
    cands: Sequence[Candidate],
    everything: Sequence[Candidate],
    limits: Limits,
    chosen: Sequence[Candidate],
    steps: Sequence[Step],
) -> tuple[Alternative, ...]:
    """Up to three other pathways, each differing by at least one step, each with its label."""
    programs = ctx.field.programs
    main_ids = {c.id for c in chosen}
    seen = [frozenset(main_ids)]
    main_totals = totals_of(steps)
    variants = _variants(ctx, cands, everything, limits, chosen)
    out: list[Alternative] = []
    main_ladder = _ladder_steps(chosen)
    main_gaps = ctx.gaps(chosen)  # in the rules' order: words come out the same every run
    candidates_by_id = {c.id: c for c in everything}
    for label, pool, variant_limits in variants:
        found = best(pool, variant_limits)
        ids = frozenset(c.id for c in found)
        if not found or ids in seen:
            continue
        if ids < main_ids and label in ("cheapest known cost", "shortest"):
            continue  # the pathway without a step: its table shows that already
        if label == "with a degree" and not any(c.is_degree for c in found):
            continue  # the degrees bring nothing the other steps do not: no such alternative
        if label == IN_PERSON and not any(c.id in ctx.field.on_site for c in found):
            continue  # nothing on site beats what you can take from home
        if label != "online only" and _ladder_steps(found) < main_ladder:
            continue  # cheaper or quicker only by leaving the recognised route: not comparable
        seen.append(ids)
        originals = [candidates_by_id[c.id] for c in found]
        if not _comparable(label, originals, chosen, ctx.need.core_mask()):
            continue  # cheaper, quicker or other only by leaving most of your needs open
        alt_steps = ctx.steps(originals)
        totals = totals_of(alt_steps)
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
            less_recognised=_mean_rank(originals, ctx) < _mean_rank(chosen, ctx),
        )
        out.append(Alternative(label, reason, alt_steps, totals, gaps))
        if len(out) == MAX_ALTERNATIVES:
            break
    return tuple(out)


def _variants(
    ctx: Context,
    cands: Sequence[Candidate],
    everything: Sequence[Candidate],
    limits: Limits,
    chosen: Sequence[Candidate],
) -> list[Variant]:
    """The kinds of alternative worth searching for this pathway, in the order they are
    offered."""
    programs = ctx.field.programs
    cands, everything = _pertinent(ctx, cands, chosen), _pertinent(ctx, everything, chosen)
    variants: list[Variant] = []
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
    # The next best plan is one an adviser would make: no course whose main subject is none of
    # your goals' (an NLP course in a governance plan), though it teaches a little of them.
    others = [
        c
        for c in cands
        if (c.id in keep or c.id not in {x.id for x in chosen})
        and same_level(c)
        and on_subject(programs[c.id], ctx.rules, ctx.need)
    ]
    variants.append(("other programs", others, limits))
    taught_there = [c for c in everything if c.id in ctx.field.on_site]
    if taught_there:
        # A campus degree in place of the pathway's own degree (students often move for one),
        # never a degree where the pathway takes none.
        awarded = frozenset().union(*(c.awards for c in chosen if c.is_degree))
        # For someone who can travel, a program on site is not a move: it loses no weight.
        travel = ctx.rules.fit.relocate
        on_site_here = [
            c._replace(weight=c.weight + travel)
            for c in taught_there
            if (not c.is_degree or c.awards & awarded) and same_level(c)
        ]
        if on_site_here:
            # One place to travel to: the country of the most promising program on site (a
            # plan in London and Hong Kong at once is none).
            where = programs[min(on_site_here, key=promise).id].country
            on_site_here = [c for c in on_site_here if programs[c.id].country == where]
            in_person = [c for c in cands if c.id not in ctx.field.on_site and same_level(c)]
            variants.append((IN_PERSON, [*in_person, *on_site_here], limits))
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
    return variants


def _pertinent(
    ctx: Context, cands: Sequence[Candidate], chosen: Sequence[Candidate]
) -> list[Candidate]:
    """Another plan an adviser would make: beside the pathway's own steps, route steps and
    degrees, nothing whose main subject is none of the goals' unless it teaches what the goal
    is named for (no imaging certificate in a leadership plan)."""
    core, main_ids = ctx.need.core_mask(), {c.id for c in chosen}
    return [
        c
        for c in cands
        if c.id in main_ids
        or c.ladder
        or c.is_degree
        or c.mask & core
        or on_subject(ctx.field.programs[c.id], ctx.rules, ctx.need)
    ]


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


def _comparable(
    label: str, found: Sequence[Candidate], chosen: Sequence[Candidate], core: int
) -> bool:
    """A cheaper, shorter or next-best pathway is worth naming only if it closes at least half
    the needed levels the main pathway closes (an exam alone, which closes none, is none); a
    next-best one only if it teaches some of what the goal is about (no imaging lab as the
    next best way into clinical NLP)."""
    if label not in ("cheapest known cost", "shortest", "other programs"):
        return True
    if label == "other programs" and core and not levels_of(found) & core:
        return False
    return 2 * levels_of(found).bit_count() >= levels_of(chosen).bit_count()


def _mean_rank(chosen: Sequence[Candidate], ctx: Context) -> float:
    """How well recognised a set's steps are, on average."""
    ranks = [
        ctx.rules.recognition_of(p.recognition, p.credential).rank
        for p in (ctx.field.programs[c.id] for c in chosen)
    ]
    return sum(ranks) / max(1, len(ranks))


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
