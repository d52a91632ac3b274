"""filters.py: what `list` keeps (AND across filters, OR within one) and how it sorts."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, make_program
from hypothesis import given, settings
from hypothesis import strategies as st

from hcai_path.filters import ProgramFilter, filter_programs, role_matches, sort_programs
from hcai_path.load import load_rules
from hcai_path.models import Program

RULES = load_rules(use_cache=False)
ROLE_IDS = sorted(RULES.role_vocabulary())


# ---- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("program_roles", "wanted", "expected"),
    [
        (["nurse"], {"nurse"}, True),
        (["clinician"], {"nurse"}, True),  # a family's program serves its roles
        (["nurse"], {"clinician"}, True),  # a family asked for matches its roles' programs
        (["physician"], {"nurse"}, False),  # a sibling role does not
        (["physician"], {"clinician"}, True),
        (["data-scientist"], {"nurse"}, False),
        (["researcher"], {"data-scientist"}, True),
        (["informaticist"], {"health-leader"}, True),
        (["nurse"], {"software-engineer", "nurse"}, True),  # OR within
    ],
)
def test_role_matches(program_roles: list[str], wanted: set[str], expected: bool) -> None:
    assert role_matches(program_roles, wanted, RULES) is expected


def test_every_role_belongs_to_a_family() -> None:
    for role in RULES.roles.values():
        assert role.family in RULES.families
        assert role_matches([role.family], {role.id}, RULES)
        assert role_matches([role.id], {role.family}, RULES)


# ---- filter_programs: AND across, OR within -------------------------------------------------

PROGRAMS = st.builds(
    make_program,
    id=st.from_regex(r"[a-z]{1,6}", fullmatch=True),
    name=st.text("abcXYZ ", min_size=1, max_size=6),
    provider=st.sampled_from(["Harvard", "Johns Hopkins", "Stanford Online"]),
    type=st.sampled_from(["academic", "professional", "executive"]),
    credential=st.sampled_from(["masters", "certificate", "course"]),
    delivery=st.sampled_from(["online", "in-person", "hybrid"]),
    duration_months=st.one_of(st.none(), st.sampled_from([0, 0.2, 3, 12, 24])),
    cost_usd=st.one_of(st.none(), st.sampled_from([0, 100, 500, 30000])),
    topics=st.lists(
        st.sampled_from(["ethics", "imaging", "leadership"]), min_size=1, unique=True
    ).map(tuple),
    roles=st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=2, unique=True).map(tuple),
    verified=st.dates(dt.date(2018, 1, 1), TODAY),
    country=st.sampled_from(["", "US", "GB"]),
)

FILTERS = st.builds(
    ProgramFilter,
    types=st.frozensets(st.sampled_from(["academic", "professional", "executive"]), max_size=2),
    credentials=st.frozensets(st.sampled_from(["masters", "certificate", "course"]), max_size=2),
    topics=st.frozensets(st.sampled_from(["ethics", "imaging", "leadership"]), max_size=2),
    roles=st.frozensets(st.sampled_from(ROLE_IDS), max_size=2),
    deliveries=st.frozensets(st.sampled_from(["online", "in-person", "hybrid"]), max_size=2),
    country=st.one_of(st.none(), st.sampled_from(["US", "GB"])),
    provider=st.one_of(st.none(), st.sampled_from(["harv", "HOPKINS", "online", "zzz"])),
    search=st.one_of(st.none(), st.sampled_from(["a", "ethics", "x"])),
    max_cost=st.one_of(st.none(), st.sampled_from([0.0, 100.0, 1000.0])),
    max_months=st.one_of(st.none(), st.sampled_from([0.0, 3.0, 12.0])),
    include_stale=st.booleans(),
)


def keeps(p: Program, f: ProgramFilter) -> bool:
    """The contract's rule, written independently: every given filter must hold."""
    checks = [
        not f.types or p.type in f.types,
        not f.credentials or p.credential in f.credentials,
        not f.deliveries or p.delivery in f.deliveries,
        not f.topics or bool(f.topics & set(p.topics)),
        not f.roles or role_matches(p.roles, f.roles, RULES),
        f.provider is None or f.provider.casefold() in p.provider.casefold(),
        # online programs, and those taught in the country
        f.country is None or p.delivery == "online" or p.country == f.country,
        f.max_cost is None or (p.cost_usd is not None and p.cost_usd <= f.max_cost),
        f.max_months is None
        or (p.duration_months is not None and p.duration_months <= f.max_months),
        f.include_stale or not p.is_stale(TODAY),
    ]
    return all(checks)


@settings(max_examples=200, deadline=None)
@given(st.lists(PROGRAMS, max_size=8), FILTERS)
def test_filter_is_and_across_or_within(programs: list[Program], wanted: ProgramFilter) -> None:
    kept = filter_programs(programs, wanted=wanted, rules=RULES, today=TODAY)
    if wanted.search is None:
        assert kept == [p for p in programs if keeps(p, wanted)]
    else:
        without_search = wanted._replace(search=None)
        base = filter_programs(programs, wanted=without_search, rules=RULES, today=TODAY)
        assert kept == [p for p in base if p in kept]  # a subset, in order
        for p in kept:
            assert keeps(p, wanted)


@given(st.lists(PROGRAMS, max_size=8))
def test_empty_filter_keeps_everything(programs: list[Program]) -> None:
    assert filter_programs(programs, wanted=ProgramFilter(), rules=RULES, today=TODAY) == programs


def test_a_filter_is_an_immutable_value() -> None:
    """A NamedTuple of frozensets: hashable, comparable, the empty one equal to the default."""
    wanted = ProgramFilter(types=frozenset({"academic"}))
    assert wanted == ProgramFilter(types=frozenset({"academic"})) and hash(wanted)
    assert ProgramFilter() == ProgramFilter(types=frozenset(), include_stale=True)
    assert all(isinstance(getattr(ProgramFilter(), f), frozenset) for f in ("types", "roles"))


def test_unknown_cost_never_counts_as_free() -> None:
    unknown = make_program(id="u", cost_usd=None, cost_note="not published")
    free = make_program(id="f", cost_usd=0)
    kept = filter_programs(
        [unknown, free], wanted=ProgramFilter(max_cost=0), rules=RULES, today=TODAY
    )
    assert kept == [free]


def test_search_looks_in_id_name_provider_topics_prerequisites() -> None:
    p = make_program(
        id="x-id",
        name="Name Here",
        provider="Provider There",
        topics=("imaging",),
        prerequisites="An RN licence",
    )
    for text in ("x-id", "NAME here", "there", "imaging", "rn licence"):
        assert filter_programs([p], wanted=ProgramFilter(search=text), rules=RULES, today=TODAY)
    assert not filter_programs([p], wanted=ProgramFilter(search="zzz"), rules=RULES, today=TODAY)


def test_stale_boundary() -> None:
    """Exactly 18 months old is still fresh; one day more is stale."""
    cutoff = dt.date(2024, 12, 1)  # 18 months before TODAY (2026-06-01)
    fresh = make_program(id="a", verified=cutoff)
    stale = make_program(id="b", verified=cutoff - dt.timedelta(days=1))
    assert not fresh.is_stale(TODAY)
    assert stale.is_stale(TODAY)
    kept = filter_programs(
        [fresh, stale], wanted=ProgramFilter(include_stale=False), rules=RULES, today=TODAY
    )
    assert kept == [fresh]


# ---- sort_programs -----------------------------------------------------------------------------


def test_sort_months_zero_is_shortest() -> None:
    """Regression: a 0-month duration sorted after known durations (`x or inf`)."""
    programs = [
        make_program(id="b", name="B", duration_months=3),
        make_program(id="c", name="C", duration_months=None),
        make_program(id="a", name="A", duration_months=0),
    ]
    assert [p.id for p in sort_programs(programs, key="months")] == ["a", "b", "c"]


def test_sort_cost_zero_before_unknown() -> None:
    programs = [
        make_program(id="u", name="U", cost_usd=None),
        make_program(id="z", name="Z", cost_usd=0),
        make_program(id="m", name="M", cost_usd=50),
    ]
    assert [p.id for p in sort_programs(programs, key="cost")] == ["z", "m", "u"]


def test_sort_name_is_case_insensitive_and_ties_by_id() -> None:
    programs = [
        make_program(id="b", name="beta"),
        make_program(id="a2", name="Alpha"),
        make_program(id="a1", name="alpha"),
    ]
    assert [p.id for p in sort_programs(programs, key="name")] == ["a1", "a2", "b"]


@given(st.lists(PROGRAMS, max_size=8), st.sampled_from(["name", "cost", "months", "verified"]))
def test_sort_properties(programs: list[Program], key: str) -> None:
    """A permutation; deterministic whatever the input order; unknowns last; ordered by key."""
    out = sort_programs(programs, key=key)
    assert sorted(map(repr, out)) == sorted(map(repr, programs))
    if len({(p.name.casefold(), p.id) for p in programs}) == len(programs):
        assert sort_programs(list(reversed(programs)), key=key) == out
    if key in ("cost", "months"):
        field = "cost_usd" if key == "cost" else "duration_months"
        values = [getattr(p, field) for p in out]
        known = [v for v in values if v is not None]
        assert values == known + [None] * (len(values) - len(known))
        assert known == sorted(known)
    if key == "verified":
        dates = [p.verified for p in out]
        assert dates == sorted(dates, reverse=True)


def test_country_keeps_online_programs_and_those_taught_there() -> None:
    online = make_program(id="o", delivery="online", country="US")
    here = make_program(id="h", delivery="in-person", country="GB")
    there = make_program(id="t", delivery="hybrid", country="US")
    unknown = make_program(id="u", delivery="in-person", country="")
    kept = filter_programs(
        [online, here, there, unknown], wanted=ProgramFilter(country="GB"), rules=RULES, today=TODAY
    )
    assert kept == [online, here]
