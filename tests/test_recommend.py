"""The recommendation engine: exact optimum (against a brute-force oracle), hard constraints,
explanations, and hand-made cases."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcai_path.errors import EmptyResultError
from hcai_path.models import DEGREE_CREDENTIALS, Eligibility, Program
from hcai_path.recommend import Pathway, Request, recommend
from hcai_path.rules import Rules, build_rules
from hcai_path.rules_schema import check_rules

# HYPOTHESIS_PROFILE=deep runs 5000 cases per property; the default 200 keeps the suite fast.
# A local settings object, so other test modules' profiles are left alone.
ENGINE = settings(
    max_examples=5000 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TODAY = dt.date(2025, 6, 1)
FRESH = dt.date(2025, 1, 1)
STALE = dt.date(2022, 1, 1)
RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "rules.toml"
SHIPPED = build_rules(tomllib.loads(RULES_PATH.read_text(encoding="utf-8")), path="rules.toml")

# A small rule set: four competencies, two families, three roles, three goals.
SMALL_RAW: dict[str, Any] = {
    "competencies": [
        {"id": c, "name": f"Competency {c.upper()}", "meaning": c, "framework": "test"}
        for c in ("a", "b", "c", "d")
    ],
    "topics": [
        {"id": "t-a", "meaning": "a", "competencies": ["a"]},
        {"id": "t-b", "meaning": "b", "competencies": ["b"]},
        {"id": "t-ab", "meaning": "ab", "competencies": ["a", "b"]},
        {"id": "t-c", "meaning": "c", "competencies": ["c"]},
        {"id": "t-d", "meaning": "d", "competencies": ["d"]},
    ],
    "credential_levels": {
        "doctorate": 3,
        "masters": 3,
        "graduate-certificate": 2,
        "specialization": 2,
        "certificate": 2,
        "certification": 2,
        "course": 1,
    },
    "pathway": {"max_steps": 3, "max_degrees": 1},
    "degrees": [
        {"id": "bachelors", "name": "a bachelor's", "implies": [], "provides": {}},
        {"id": "masters", "name": "a master's", "implies": ["bachelors"], "provides": {"d": 1}},
        {
            "id": "special",
            "name": "a special master's",
            "implies": ["masters"],
            "provides": {"c": 2},
        },
    ],
    "families": [
        {
            "id": "fam1",
            "meaning": "one",
            "baseline": {"a": 1},
            "default_goals": ["g1"],
            "assumed_degree": "bachelors",
        },
        {"id": "fam2", "meaning": "two", "baseline": {}, "default_goals": ["g2"]},
    ],
    "roles": [
        {
            "id": "r1",
            "family": "fam1",
            "meaning": "r1",
            "assumed_degree": "bachelors",
            "baseline": {"a": 1, "c": 1},
            "default_goals": ["g1", "g2"],
        },
        {
            "id": "r2",
            "family": "fam1",
            "meaning": "r2",
            "assumed_degree": "masters",
            "baseline": {"b": 2},
            "default_goals": ["g3"],
        },
        {
            "id": "r3",
            "family": "fam2",
            "meaning": "r3",
            "assumed_degree": "bachelors",
            "baseline": {"d": 1},
            "default_goals": ["g2"],
        },
    ],
    "goals": [
        {"id": "g1", "meaning": "g1", "needs": {"a": 3, "b": 2}, "advanced_degrees": ["special"]},
        {"id": "g2", "meaning": "g2", "needs": {"c": 2, "d": 2}, "audiences": ["r3"]},
        {"id": "g3", "meaning": "g3", "needs": {"a": 1, "b": 3, "c": 3, "d": 1}},
    ],
}
SMALL = build_rules(SMALL_RAW, path="small.toml")


def program(
    ident: str,
    *,
    credential: str = "certificate",
    topics: Sequence[str] = ("t-a",),
    cost: float | None = 100,
    months: float | None = 1,
    delivery: str = "online",
    eligibility: Eligibility | None = None,
    awards: Sequence[str] = (),
    counts_toward: Sequence[str] = (),
    prepares_for: Sequence[str] = (),
    verified: dt.date = FRESH,
    roles: Sequence[str] = ("fam1", "fam2", "clinician", "informaticist", "data-scientist"),
) -> Program:
    return Program(
        id=ident,
        name=f"Program {ident}",
        provider="Test",
        type="academic" if credential in DEGREE_CREDENTIALS else "professional",
        credential=credential,
        delivery=delivery,
        duration_months=months,
        duration_note="",
        cost_usd=cost,
        cost_note="",
        topics=tuple(topics),
        roles=tuple(roles),
        prerequisites="none",
        eligibility=eligibility,
        awards=tuple(awards),
        counts_toward=tuple(counts_toward),
        prepares_for=tuple(prepares_for),
        url="https://example.org",
        source="https://example.org",
        verified=verified,
    )


# --- the oracle: every subset, the same rules, written as plainly as possible ----------------


def program_levels(p: Program, rules: Rules) -> dict[str, int]:
    levels: dict[str, int] = {}
    for topic in p.topics:
        for comp in rules.topics[topic].competencies:
            levels[comp] = max(levels.get(comp, 0), rules.credential_levels[p.credential])
    for degree in rules.degree_closure(p.awards):
        for comp, level in rules.degrees[degree].provides.items():
            levels[comp] = max(levels.get(comp, 0), level)
    return levels


def oracle(
    programs: Sequence[Program], rules: Rules, request: Request, today: dt.date
) -> tuple[Any, ...] | None:
    """The best key over all feasible subsets, or None when there is no pathway."""
    if request.role in rules.roles:
        role = rules.roles[request.role]
        family, baseline, assumed, defaults = (
            role.family,
            role.baseline,
            role.assumed_degree,
            role.default_goals,
        )
        mine = {role.id, role.family}
        audience = mine
    else:
        fam = rules.families[request.role]
        family, baseline, assumed, defaults = (
            fam.id,
            fam.baseline,
            fam.assumed_degree,
            fam.default_goals,
        )
        mine = {fam.id}
        audience = {fam.id} | {r.id for r in rules.roles.values() if r.family == fam.id}
    del family
    goals = request.goals or defaults
    for g in goals:
        for a in rules.goals[g].audiences:
            if a in rules.families:
                audience = audience | {a} | {r.id for r in rules.roles.values() if r.family == a}
            else:
                audience = audience | {a, rules.roles[a].family}
    by_id = {p.id: p for p in programs}
    held = [by_id[i] for i in request.have_programs if i in by_id]
    degrees = list(request.have_degrees) + [d for p in held for d in p.awards]
    closure = rules.degree_closure(degrees + ([assumed] if assumed else []))
    need: dict[str, int] = {}
    for g in goals:
        for comp, level in rules.goals[g].needs.items():
            need[comp] = max(need.get(comp, 0), level)
    have = dict(baseline)
    for d in closure:
        for comp, level in rules.degrees[d].provides.items():
            have[comp] = max(have.get(comp, 0), level)
    for p in held:
        for comp, level in program_levels(p, rules).items():
            have[comp] = max(have.get(comp, 0), level)
    gap = {c: (have.get(c, 0), n) for c, n in need.items() if n > have.get(c, 0)}
    if not gap:
        return None
    cutoff_years = request.years or 0
    cands = []
    for p in programs:
        if p.id in request.have_programs:
            continue
        levels = program_levels(p, rules)
        if not any(levels.get(c, 0) > lo for c, (lo, _) in gap.items()):
            continue
        if not audience & set(p.roles):
            continue
        if request.exclude_stale and p.is_stale(today):
            continue
        if request.delivery is not None and p.delivery != request.delivery:
            continue
        e = p.eligibility
        if e is not None and e.roles and not (mine & set(e.roles)):
            continue
        if e is not None and e.min_years > cutoff_years:
            continue
        if request.budget_usd is not None and (
            p.cost_usd is None or round(p.cost_usd * 100) > round(request.budget_usd * 100)
        ):
            continue
        if request.months is not None and (
            p.duration_months is None
            or round(p.duration_months * 100) > round(request.months * 100)
        ):
            continue
        cands.append(p)
    best: tuple[Any, ...] | None = None
    for size in range(1, rules.pathway.max_steps + 1):
        for subset in itertools.combinations(cands, size):
            if sum(p.credential in DEGREE_CREDENTIALS for p in subset) > rules.pathway.max_degrees:
                continue
            cents = sum(round(p.cost_usd * 100) for p in subset if p.cost_usd is not None)
            time = sum(
                round(p.duration_months * 100) for p in subset if p.duration_months is not None
            )
            if request.budget_usd is not None and cents > round(request.budget_usd * 100):
                continue
            if request.months is not None and time > round(request.months * 100):
                continue
            if not eligible_in_some_order(subset, closure, rules):
                continue
            best_level: dict[str, int] = {}
            for p in subset:
                for comp, level in program_levels(p, rules).items():
                    best_level[comp] = max(best_level.get(comp, 0), level)
            value = sum(min(hi, max(lo, best_level.get(c, 0))) - lo for c, (lo, hi) in gap.items())
            key = (
                -value,
                sum(UNKNOWN_COST_RANK.get(p.credential, 1) for p in subset if p.cost_usd is None),
                cents,
                sum(p.duration_months is None for p in subset),
                time,
                size,
                tuple(sorted(p.id for p in subset)),
            )
            if best is None or key < best:
                best = key
    return best


def eligible_in_some_order(
    subset: Sequence[Program], closure: frozenset[str], rules: Rules
) -> bool:
    """Try every order: each program's degree requirement is met by what is held or awarded
    by an earlier program of the order."""
    for order in itertools.permutations(subset):
        held = set(closure)
        for p in order:
            e = p.eligibility
            if e is not None and e.degrees and held.isdisjoint(e.degrees):
                break
            held |= rules.degree_closure(p.awards)
        else:
            return True
    return False


# Written out here, not imported, so the oracle checks the engine's weights too.
UNKNOWN_COST_RANK = {"doctorate": 4, "masters": 3, "graduate-certificate": 2}


def key_of(pathway: Pathway) -> tuple[Any, ...]:
    """The oracle's key without the value (equal ids mean an equal value)."""
    programs = [s.program for s in pathway.steps]
    return (
        sum(UNKNOWN_COST_RANK.get(p.credential, 1) for p in programs if p.cost_usd is None),
        round(pathway.totals.cost_usd * 100),
        sum(p.duration_months is None for p in programs),
        round(pathway.totals.months * 100),
        len(programs),
        tuple(sorted(p.id for p in programs)),
    )


# --- strategies ------------------------------------------------------------------------------

CREDENTIALS = list(SMALL.credential_levels)
ROLE_IDS = ["r1", "r2", "r3", "fam1", "fam2"]
DEGREE_IDS = list(SMALL.degrees)


def sometimes(draw: st.DrawFn, percent: int) -> bool:
    return draw(st.integers(0, 99)) < percent


@st.composite
def catalogs(draw: st.DrawFn) -> list[Program]:
    count = draw(st.integers(1, 9)) if sometimes(draw, 20) else draw(st.integers(5, 9))
    out = []
    for i in range(count):
        credential = draw(st.sampled_from(CREDENTIALS))
        elig = None
        if sometimes(draw, 25):
            elig = Eligibility(
                tuple(draw(st.lists(st.sampled_from(ROLE_IDS), max_size=2, unique=True))),
                tuple(draw(st.lists(st.sampled_from(DEGREE_IDS), max_size=2, unique=True))),
                draw(st.sampled_from([0, 0, 0, 2])),
            )
        awards: list[str] = []
        if credential in DEGREE_CREDENTIALS:
            awards = draw(st.lists(st.sampled_from(DEGREE_IDS), max_size=2, unique=True))
        out.append(
            program(
                f"p{i}",
                credential=credential,
                topics=draw(
                    st.lists(
                        st.sampled_from(list(SMALL.topics)),
                        min_size=1,
                        max_size=1 if sometimes(draw, 50) else 2,
                        unique=True,
                    )
                ),
                cost=None
                if sometimes(draw, 20)
                else draw(st.sampled_from([0, 25.5, 100, 100, 250, 400, 999.99, 1000])),
                months=None
                if sometimes(draw, 20)
                else draw(st.sampled_from([0, 0.5, 1, 1, 2, 6, 12, 24])),
                delivery="online"
                if sometimes(draw, 70)
                else draw(st.sampled_from(["in-person", "hybrid"])),
                eligibility=elig,
                awards=awards,
                verified=STALE if sometimes(draw, 20) else FRESH,
                roles=("fam1", "fam2")
                if sometimes(draw, 75)
                else draw(st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=2, unique=True)),
            )
        )
    return out


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[Program], Request, Rules]:
    programs = draw(catalogs())
    ids = [p.id for p in programs]
    # Two in five requests have no constraint at all, so that pathways of several steps and
    # their ties are common; the others draw each constraint independently.
    free = sometimes(draw, 40)
    request = Request(
        role=draw(st.sampled_from(ROLE_IDS)),
        goals=tuple(draw(st.lists(st.sampled_from(["g1", "g2", "g3"]), max_size=2, unique=True))),
        budget_usd=None
        if free or sometimes(draw, 50)
        else draw(st.sampled_from([0.0, 100.0, 250.0, 500.0, 1000.0, 1500.0, 2500.0])),
        months=None
        if free or sometimes(draw, 50)
        else draw(st.sampled_from([0.5, 1.0, 3.0, 12.0, 30.0])),
        delivery=None
        if free or sometimes(draw, 70)
        else draw(st.sampled_from(["online", "in-person"])),
        have_programs=() if free else tuple(draw(st.lists(st.sampled_from(ids), max_size=1))),
        have_degrees=tuple(draw(st.lists(st.sampled_from(DEGREE_IDS), max_size=1))),
        years=draw(st.one_of(st.none(), st.integers(0, 3))),
        exclude_stale=not free and sometimes(draw, 20),
    )
    limits = SMALL.pathway._replace(
        max_steps=draw(st.sampled_from([1, 2, 3, 3, 4, 4])),
        max_degrees=draw(st.sampled_from([0, 1, 1, 2])),
    )
    return programs, request, SMALL._replace(pathway=limits)


def run(programs: Sequence[Program], rules: Rules, request: Request) -> Pathway | None:
    try:
        return recommend(programs=programs, rules=rules, request=request, today=TODAY)
    except EmptyResultError:
        return None


# --- properties ------------------------------------------------------------------------------


@ENGINE
@given(cases())
def test_engine_matches_the_brute_force_oracle(case: tuple[list[Program], Request, Rules]) -> None:
    """On small random catalogs the engine picks exactly the oracle's best subset."""
    programs, request, rules = case
    expected = oracle(programs, rules, request, TODAY)
    got = run(programs, rules, request)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert key_of(got) == expected[1:]
    closed = sum(len(s.closes) for s in got.steps)
    assert closed >= 1
    assert -expected[0] >= 1


@ENGINE
@given(cases(), st.randoms(use_true_random=False))
def test_every_rule_that_always_holds(
    case: tuple[list[Program], Request, Rules], rnd: random.Random
) -> None:
    """Hard constraints, eligibility, non-empty explanations, held programs, determinism."""
    programs, request, rules = case
    got = run(programs, rules, request)
    shuffled = list(programs)
    rnd.shuffle(shuffled)
    again = run(shuffled, rules, request)
    assert got == again  # same inputs (in any catalog order), same output
    if got is None:
        return
    steps = got.steps
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))
    assert 1 <= len(steps) <= rules.pathway.max_steps
    assert sum(s.kind == "degree" for s in steps) <= rules.pathway.max_degrees
    known = [s.program.cost_usd for s in steps if s.program.cost_usd is not None]
    if request.budget_usd is not None:
        assert len(known) == len(steps)
        assert sum(known) <= request.budget_usd + 1e-9
    if request.months is not None:
        durations = [s.program.duration_months for s in steps]
        assert None not in durations
        assert sum(d for d in durations if d is not None) <= request.months + 1e-9
    role = rules.roles.get(request.role)
    mine = {role.id, role.family} if role else {request.role}
    assumed = role.assumed_degree if role else rules.families[request.role].assumed_degree
    by_id = {p.id: p for p in programs}
    held = list(request.have_degrees) + [
        d for i in request.have_programs if i in by_id for d in by_id[i].awards
    ]
    held_now = rules.degree_closure(held + ([assumed] if assumed else []))
    degrees = set(held_now)
    for s in steps:
        p = s.program
        assert p.id not in request.have_programs
        assert s.closes and s.why.strip() and s.why.endswith(".")
        assert s.kind == ("degree" if p.credential in DEGREE_CREDENTIALS else "certificate")
        if request.delivery is not None:
            assert p.delivery == request.delivery
        if request.exclude_stale:
            assert not p.is_stale(TODAY)
        e = p.eligibility
        if e is not None:
            assert not e.roles or mine & set(e.roles)
            assert e.min_years <= (request.years or 0)
            if e.degrees:
                assert not degrees.isdisjoint(e.degrees), "eligible by an earlier step"
                if held_now.isdisjoint(e.degrees):
                    assert "you become eligible for it through step" in s.why
        degrees |= rules.degree_closure(p.awards)
    needed = {c for g in got.goals for c in rules.goals[g].needs}
    assert set(got.gaps) <= needed
    assert all(set(s.closes) <= needed for s in steps)


def test_nurse_never_gets_a_physician_only_board_certification() -> None:
    """A physician-only certification that would close everything is not offered to a nurse."""
    board = program(
        "physician-board",
        credential="certification",
        topics=("ai-fundamentals", "ethics", "evaluation", "regulation", "leadership"),
        cost=300,
        eligibility=Eligibility(("physician",), ("medical-degree",), 0, "MD only"),
    )
    course = program("ethics-course", credential="course", topics=("ethics",), cost=50)
    nurse = recommend(
        programs=[board, course],
        rules=SHIPPED,
        request=Request(role="nurse", goals=("governance",)),
        today=TODAY,
    )
    assert [s.program.id for s in nurse.steps] == ["ethics-course"]
    assert any("not open to you" in n for n in nurse.notes)
    physician = recommend(
        programs=[board, course],
        rules=SHIPPED,
        request=Request(role="physician", goals=("governance",)),
        today=TODAY,
    )
    assert [s.program.id for s in physician.steps] == ["physician-board"]
    with pytest.raises(EmptyResultError, match="no program fits"):
        recommend(
            programs=[board],
            rules=SHIPPED,
            request=Request(role="clinician", goals=("governance",)),
            today=TODAY,
        )


# --- hand-made cases with exact answers -----------------------------------------------------


def small(programs: Sequence[Program], **request: Any) -> Pathway:
    return recommend(programs=programs, rules=SMALL, request=Request(**request), today=TODAY)


def test_exact_pathway_degree_enables_a_later_step() -> None:
    """A degree that awards what a certificate requires comes first, and the why says so."""
    programs = [
        program(
            "cert-b",
            topics=("t-b",),
            cost=200,
            eligibility=Eligibility((), ("special",), 0),
            counts_toward=("ms",),
        ),
        program(
            "ms",
            credential="masters",
            topics=("t-a",),
            cost=9000,
            months=12,
            awards=("special",),
        ),
        program("course-a", credential="course", topics=("t-a",), cost=10),
    ]
    got = small(programs, role="r1", goals=("g1",))
    assert [(s.order, s.kind, s.program.id) for s in got.steps] == [
        (1, "degree", "ms"),
        (2, "certificate", "cert-b"),
    ]
    assert [s.closes for s in got.steps] == [("a",), ("b",)]
    assert got.steps[0].why == (
        "Closes Competency A for your g1 goal; it awards a special master's, which step 2 requires."
    )
    assert got.steps[1].why == (
        "Closes Competency B for your g1 goal; you become eligible for it through step 1 "
        "(Program ms), which awards a special master's; it counts toward step 1."
    )
    assert got.foundation.status == "recommended"
    assert got.foundation.program_id == "ms"
    assert got.totals.cost_usd == 9200
    assert got.totals.months == 13
    assert got.gaps == ()
    assert got.family == "fam1"
    assert got.goals == ("g1",)


def test_without_the_degree_the_dependent_step_is_not_eligible() -> None:
    """max_degrees = 0 forbids the enabling degree, so the certificate is out too."""
    programs = [
        program("cert-b", topics=("t-b",), eligibility=Eligibility((), ("special",), 0)),
        program("ms", credential="masters", topics=("t-a",), awards=("special",)),
        program("course-a", topics=("t-a",), cost=10),
    ]
    rules = SMALL._replace(pathway=SMALL.pathway._replace(max_degrees=0))
    got = recommend(
        programs=programs, rules=rules, request=Request(role="r1", goals=("g1",)), today=TODAY
    )
    assert [s.program.id for s in got.steps] == ["course-a"]
    assert got.gaps == ("a", "b")
    assert got.foundation.status == "assumed"
    assert got.foundation.name == "a bachelor's"
    assert got.notes[-1] == (
        "Long term, a special master's would fit your g1 goal; "
        "no program awarding it fits this pathway."
    )


def test_ties_go_to_lower_cost_then_shorter_then_fewer_steps_then_id() -> None:
    """Equal coverage: cost decides, then duration, then step count, then ids."""
    base: dict[str, Any] = {
        "role": "r3",
        "goals": ("g2",),
    }  # needs c 2, d 2 (d 1 in baseline): 3 levels
    both = ("t-c", "t-d")
    cheap = program("z-cheap", topics=both, cost=100, months=6)
    dear = program("a-dear", topics=both, cost=101, months=1)
    assert [s.program.id for s in small([cheap, dear], **base).steps] == ["z-cheap"]
    short = program("z-short", topics=both, cost=100, months=5)
    assert [s.program.id for s in small([cheap, short], **base).steps] == ["z-short"]
    split = [
        program("c-only", topics=("t-c",), cost=50, months=2.5),
        program("d-only", topics=("t-d",), cost=50, months=2.5),
    ]
    assert [s.program.id for s in small([*split, short], **base).steps] == ["z-short"]
    twin = program("y-short", topics=both, cost=100, months=5)
    assert [s.program.id for s in small([short, twin], **base).steps] == ["y-short"]
    unknown = program("free?", topics=both, cost=None, months=1)
    assert [s.program.id for s in small([unknown, short], **base).steps] == ["z-short"]


def test_more_coverage_beats_lower_cost() -> None:
    """The weighted gap comes first: a dearer program that closes more wins."""
    got = small(
        [
            program("cheap-c", topics=("t-c",), cost=1),
            program("dear-cd", topics=("t-c", "t-d"), cost=5000),
        ],
        role="r3",
        goals=("g2",),
    )
    assert [s.program.id for s in got.steps] == ["dear-cd"]
    assert got.steps[0].closes == ("c", "d")


def test_budget_leaves_out_unknown_costs_with_a_note() -> None:
    """Under --budget an unknown cost is never free; the note says how many were left out."""
    programs = [
        program("unknown", topics=("t-c", "t-d"), cost=None),
        program("too-dear", topics=("t-c", "t-d"), cost=900),
        program("fits", topics=("t-c",), cost=500),
    ]
    got = small(programs, role="r3", goals=("g2",), budget_usd=800)
    assert [s.program.id for s in got.steps] == ["fits"]
    assert got.gaps == ("d",)
    assert got.constraints.budget_usd == 800
    assert got.notes == (
        "1 program that would help costs more than your budget (USD 800) and was left out.",
        "1 program that would help does not publish a cost and was left out: under --budget "
        "an unknown cost is never counted as free.",
    )
    nobudget = small(programs, role="r3", goals=("g2",))
    assert [s.program.id for s in nobudget.steps] == ["too-dear"]


def test_months_delivery_years_and_stale() -> None:
    """Duration, delivery, years of experience and --exclude-stale are hard filters."""
    long = program("long", topics=("t-c", "t-d"), months=13)
    unknown = program("unknown-time", topics=("t-c", "t-d"), months=None)
    onsite = program("onsite", topics=("t-c", "t-d"), delivery="in-person")
    senior = program("senior", topics=("t-c", "t-d"), eligibility=Eligibility((), (), 3))
    old = program("old", topics=("t-c", "t-d"), verified=STALE)
    ok = program("ok", topics=("t-d",), months=2)
    got = small(
        [long, unknown, onsite, senior, old, ok],
        role="r3",
        goals=("g2",),
        months=12,
        delivery="online",
        years=2,
        exclude_stale=True,
    )
    assert [s.program.id for s in got.steps] == ["ok"]
    assert got.notes == (
        "1 program that would help takes longer than 12 months and was left out.",
        "1 program that would help does not publish a duration and was left out under --months.",
        "1 program that would help is not offered online and was left out.",
        "1 program that would help is not open to you (role, degree or years of experience) "
        "and was left out.",
        "1 program that would help was last verified more than 18 months ago and left out "
        "(--exclude-stale).",
    )
    kept = small([old], role="r3", goals=("g2",))
    assert kept.notes[0].startswith("Step 1 (Program old) was last verified on 2022-01-01")


def test_what_you_have_counts_and_is_not_recommended() -> None:
    """A held program covers its competencies; a held degree its `provides`."""
    cd = program("cd", topics=("t-c", "t-d"), cost=10)
    c = program("c", topics=("t-c",), cost=1)
    with pytest.raises(EmptyResultError, match="nothing to close"):
        small([cd, c], role="r3", goals=("g2",), have_programs=("cd",))
    got = small([cd, c], role="r3", goals=("g2",), have_degrees=("special",))
    # special provides c 2 and (through masters) d 1: only d 2 is missing, which c lacks.
    assert [s.program.id for s in got.steps] == ["cd"]
    assert got.steps[0].closes == ("d",)
    assert got.foundation.status == "held"
    assert got.foundation.name == "a special master's"
    assert got.constraints.have == ("special",)


def test_default_goals_and_families() -> None:
    """No --goal uses the role's defaults; a family stands for its shared baseline."""
    programs = [program("cd", topics=("t-c", "t-d")), program("ab", topics=("t-ab",))]
    assert small(programs, role="r1").goals == ("g1", "g2")
    fam = small(programs, role="fam2")
    assert (fam.role, fam.family, fam.goals) == ("fam2", "fam2", ("g2",))
    assert fam.foundation.name == "no degree assumed"


def test_stacking_and_order_foundations_first_exams_last() -> None:
    """Foundations before specializations, exam certifications last; stacking is explained."""
    programs = [
        program("exam", credential="certification", topics=("t-c",), cost=10),
        program("basics", credential="certificate", topics=("t-b",), cost=10),
        program(
            "intro",
            credential="course",
            topics=("t-a",),
            cost=5,
            prepares_for=("exam",),
        ),
    ]
    rules = SMALL._replace(pathway=SMALL.pathway._replace(max_steps=4))
    got = recommend(
        programs=programs, rules=rules, request=Request(role="r3", goals=("g3",)), today=TODAY
    )
    assert [s.program.id for s in got.steps] == ["basics", "intro", "exam"]
    assert got.steps[1].why == ("Closes Competency A for your g3 goal; it prepares you for step 3.")


def test_empty_results_say_why() -> None:
    """An empty gap and an infeasible request are different, clear errors."""
    with pytest.raises(
        EmptyResultError, match="already brings every level that your g1 goal needs"
    ):
        small([program("x", credential="masters")], role="r2", goals=("g1",), have_programs=("x",))
    with pytest.raises(EmptyResultError, match=r"no program fits.*not offered hybrid"):
        small([program("x", topics=("t-ab",))], role="r1", goals=("g1",), delivery="hybrid")


def test_shipped_rules_nurse_defaults() -> None:
    """`recommend --role nurse` alone gives useful advice with the shipped rules."""
    programs = [
        program("ai-course", credential="course", topics=("ai-fundamentals",), cost=0),
        program(
            "responsible-ai",
            credential="certificate",
            topics=("ethics", "evaluation", "ai-fundamentals"),
            cost=1500,
            months=2,
        ),
        program(
            "ml-specialization",
            credential="specialization",
            topics=("machine-learning",),
            cost=300,
        ),
    ]
    got = recommend(programs=programs, rules=SHIPPED, request=Request(role="nurse"), today=TODAY)
    assert got.goals == ("foundations", "governance")
    assert [s.program.id for s in got.steps] == ["responsible-ai"]
    assert got.steps[0].closes == ("ai-basics", "social-ethical", "evidence-evaluation")
    assert got.gaps == ("regulation", "leadership")
    assert got.foundation.name == "a bachelor's degree in nursing (BSN)"
    assert got.foundation.status == "assumed"
    assert "a master's degree would fit your governance goal" in got.notes[-1]


def test_small_rules_are_valid() -> None:
    """The hand-made rule set passes the same validation as the shipped one."""
    assert check_rules(SMALL_RAW, path="small.toml", text="") == []


def test_a_degree_kept_only_to_enable_a_later_degree() -> None:
    """A step whose own levels are topped by a later step still names what it raises, and
    says which step it makes eligible (found by the deep property run)."""
    programs = [
        program("enabler", credential="doctorate", topics=("t-d",), awards=("special",)),
        program(
            "needs-special",
            credential="doctorate",
            topics=("t-c",),
            eligibility=Eligibility((), ("special",), 0),
        ),
        program("a-cert", credential="graduate-certificate", topics=("t-a",)),
    ]
    rules = SMALL._replace(pathway=SMALL.pathway._replace(max_degrees=2))
    got = recommend(programs=programs, rules=rules, request=Request(role="r2"), today=TODAY)
    assert [(s.program.id, s.closes) for s in got.steps] == [
        ("enabler", ("c",)),
        ("needs-special", ("c",)),
        ("a-cert", ("a",)),
    ]
    assert got.steps[0].why == (
        "Builds Competency C toward the level your g3 goal asks; it awards a special master's,"
        " which step 2 requires."
    )
    assert got.gaps == ("b",)
