"""The exact search against brute force: on small random pools, `search.best` returns the
feasible set with the smallest key, whatever the limits. Budgets and month caps are drawn from
sums of the pool's own figures (and one cent or one hundredth over and under), so that the
constraint checks are tested at their exact boundaries."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcai_path.recommend.search import Candidate, Limits, best, feasible, key, prune

DEGREES = ("d1", "d2")


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(1, 7))
    out = []
    for i in range(count):
        is_degree = draw(st.booleans())
        requires = draw(st.sampled_from([None, None, frozenset({"d1"}), frozenset(DEGREES)]))
        out.append(
            Candidate(
                id=f"p{i}",
                mask=draw(st.integers(0, 63)),
                weight=draw(st.integers(1, 5)),
                ladder=draw(st.sampled_from([0, 0, 0, 1, 2])),
                is_degree=is_degree,
                requires=requires,
                awards=frozenset(draw(st.sampled_from([(), ("d1",), ("d2",), DEGREES]))),
                cents=draw(st.one_of(st.none(), st.integers(0, 500))),
                hundredths=draw(st.one_of(st.none(), st.integers(0, 300))),
                graduate=draw(st.booleans()),
            )
        )
    return out


@st.composite
def limits(draw: st.DrawFn, pool: list[Candidate]) -> Limits:
    """Limits whose budget and month cap sit on, just under or just over a real sum."""

    def cap(values: list[int]) -> int | None:
        if not values or draw(st.booleans()):
            return None
        chosen = draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))
        return max(0, sum(chosen) + draw(st.sampled_from([-1, 0, 0, 1])))

    return Limits(
        max_steps=draw(st.integers(1, 3)),
        max_degrees=draw(st.integers(0, 2)),
        budget_cents=cap([c.cents for c in pool if c.cents is not None]),
        months_hundredths=cap([c.hundredths for c in pool if c.hundredths is not None]),
        ladder_weight=draw(st.sampled_from([1, 100])),
        held=frozenset(draw(st.sampled_from([(), ("d2",)]))),
        time_first=draw(st.booleans()),
        min_step_levels=draw(st.integers(1, 2)),
        whole=draw(st.sampled_from([(), (0b11, 0b1100, 0b110000), (0b1, 0b111110)])),
        deep=draw(st.sampled_from([0, 0b101010, 0b110110])),
        depth=draw(st.sampled_from([0, 2, 7])),
        core=draw(st.sampled_from([0, 0b11, 0b100100])),
        core_weight=draw(st.sampled_from([0, 50])),
    )


def brute_force(pool: list[Candidate], lim: Limits) -> tuple[Candidate, ...]:
    best_key = None
    best_set: tuple[Candidate, ...] = ()
    for size in range(1, lim.max_steps + 1):
        for subset in itertools.combinations(pool, size):
            if feasible(subset, lim):
                k = key(subset, lim)
                if best_key is None or k < best_key:
                    best_key, best_set = k, subset
    return best_set


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_search_is_exact(data: st.DataObject) -> None:
    """The branch and bound finds the same optimum as trying every set."""
    pool = data.draw(candidates())
    lim = data.draw(limits(pool))
    found = best(pool, lim)
    expected = brute_force(pool, lim)
    assert (key(found, lim) if found else None) == (key(expected, lim) if expected else None)
    assert {c.id for c in found} == {c.id for c in expected}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_pruning_keeps_an_optimum(data: st.DataObject) -> None:
    """Brute force over the undominated candidates finds an optimum as good as over all."""
    pool = data.draw(candidates())
    lim = data.draw(limits(pool))
    full = brute_force(pool, lim)
    pruned = brute_force(prune(pool), lim)
    assert (key(full, lim) if full else None) == (key(pruned, lim) if pruned else None)


def candidate(ident: str, **fields: object) -> Candidate:
    base: dict[str, object] = {
        "id": ident,
        "mask": 1,
        "weight": 1,
        "ladder": 0,
        "is_degree": False,
        "requires": None,
        "awards": frozenset(),
        "cents": 100,
        "hundredths": 100,
    }
    base.update(fields)
    return Candidate(**base)  # type: ignore[arg-type]


LIMITS = Limits(3, 1, None, None, 100, frozenset())


@pytest.mark.parametrize(
    ("budget", "expected"),
    [(300, {"a", "b"}), (299, {"a"}), (100, {"a"}), (99, set())],
)
def test_budget_boundary(budget: int, expected: set[str]) -> None:
    """A total equal to the budget is accepted; one cent over is refused (for one program and
    for a combination)."""
    pool = [candidate("a", mask=1, cents=100), candidate("b", mask=2, cents=200)]
    found = best(pool, LIMITS._replace(budget_cents=budget))
    assert {c.id for c in found} == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [(250, {"a", "b"}), (249, {"b"}), (150, {"b"}), (49, set())],
)
def test_months_boundary(months: int, expected: set[str]) -> None:
    """The same at the month cap, in hundredths of a month."""
    pool = [candidate("a", mask=1, hundredths=200), candidate("b", mask=2, hundredths=50)]
    found = best(pool, LIMITS._replace(months_hundredths=months))
    assert {c.id for c in found} == expected


def test_unknown_cost_never_counts_as_free() -> None:
    pool = [candidate("a", cents=None, mask=3), candidate("b", cents=0, mask=1)]
    assert {c.id for c in best(pool, LIMITS._replace(budget_cents=0))} == {"b"}
    assert {c.id for c in best(pool, LIMITS)} == {"a"}


def test_a_step_that_only_repeats_is_left_out() -> None:
    """Every step brings something no other does: a gap level, a ladder step, or a degree."""
    pool = [candidate("a", mask=3, weight=3), candidate("b", mask=1, weight=5)]
    assert {c.id for c in best(pool, LIMITS)} == {"a"}


def test_a_stray_level_is_no_step_but_a_whole_competency_is() -> None:
    """Beside the first, a step brings `min_step_levels` levels no other does, or all of one
    gap competency that no other step touches (bits 0-1: one competency, bit 2: another)."""
    limits = LIMITS._replace(min_step_levels=2, whole=(0b011, 0b100))
    stray = [candidate("a", mask=0b101, weight=5), candidate("b", mask=0b010, weight=5)]
    assert {c.id for c in best(stray, limits)} == {"a"}
    whole = [candidate("a", mask=0b011, weight=5), candidate("b", mask=0b100, weight=5)]
    assert {c.id for c in best(whole, limits)} == {"a", "b"}
    assert {c.id for c in best(whole, limits._replace(whole=()))} == {"a"}


def test_a_graduate_programme_is_no_step_for_awareness_alone() -> None:
    """Beside other steps, a graduate certificate or degree must bring a level past awareness,
    a route step or a step it opens: an adviser names a course for awareness (review 10: 15
    graduate credits before the route's own MSN). Bits 0-1: AI basics, aware then apply;
    bits 2-3: the route's subject; bit 4: data science, aware."""
    limits = LIMITS._replace(min_step_levels=2, deep=0b01010, whole=(0b11, 0b1100, 0b10000))
    route = candidate("route", mask=0b01100, weight=5, ladder=1)
    course = candidate("course", mask=0b10001, weight=2)
    # Cheaper and better rated, the graduate programme would dominate the course if its size
    # were not weighed: pruning must keep the course.
    aware = candidate("grad", mask=0b10001, weight=9, graduate=True, cents=0)
    assert {c.id for c in best([route, aware, course], limits)} == {"route", "course"}
    deeper = aware._replace(mask=0b10011)
    assert {c.id for c in best([route, deeper, course], limits)} == {"route", "grad"}
    assert {c.id for c in best([aware], limits)} == {"grad"}  # alone, it is the pathway


def test_an_enabler_comes_with_what_it_enables() -> None:
    pool = [
        candidate("exam", mask=0, ladder=1, requires=frozenset({"f"})),
        candidate("fellowship", mask=1, awards=frozenset({"f"})),
    ]
    assert {c.id for c in best(pool, LIMITS)} == {"exam", "fellowship"}
    alone = [pool[0]]
    assert best(alone, LIMITS) == ()


def test_ladder_outweighs_coverage() -> None:
    pool = [candidate("ladder", mask=0, ladder=1), candidate("broad", mask=0b111111, weight=9)]
    assert "ladder" in {c.id for c in best(pool, LIMITS._replace(max_steps=1))}


def test_equal_value_goes_to_the_higher_weight_before_cost_and_id() -> None:
    """Two route steps that close no gap level (fellowships whose subjects a course already
    brings) add the same value: the one with the higher weight (a current intake, made for
    you) wins, before the lower cost or the smaller id."""
    course = candidate("course", mask=1, weight=90)
    quiet = candidate("a-quiet", mask=0, weight=10, ladder=1, cents=50)
    running = candidate("b-running", mask=0, weight=40, ladder=1, cents=100)
    found = best([course, quiet, running], LIMITS)
    assert {c.id for c in found} == {"course", "b-running"}
