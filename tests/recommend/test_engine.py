"""The engine on small hand-made catalogs: hard limits at their exact boundaries, eligibility
routes, place, status, freshness, the degree answer and the words of an empty answer."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_program

from hcai_path.errors import EmptyResultError, UsageError
from hcai_path.load import load_rules
from hcai_path.models import Eligibility, Pathway, Program, Request, Route
from hcai_path.recommend import explain, recommend

RULES = load_rules(use_cache=False)
TODAY = dt.date(2026, 6, 1)


def ai_course(ident: str, **fields: object) -> Program:
    """An online course for nurses on AI fundamentals and ethics."""
    base: dict[str, object] = {
        "id": ident,
        "name": f"Course {ident}",
        "topics": ("ai-fundamentals", "ethics", "evaluation"),
        "roles": ("nurse",),
        "recognition": "university-certificate",
        "country": "US",
        "status": "active",
        "duration_months": 3,
        "cost_usd": 100,
    }
    base.update(fields)
    return make_program(**base)


def run(programs: list[Program], **request: object) -> Pathway:
    req = Request(role=str(request.pop("role", "nurse")), **request)  # type: ignore[arg-type]
    return recommend(programs=programs, rules=RULES, request=req, today=TODAY)


def step_ids(p: Pathway) -> set[str]:
    return {s.program.id for s in p.steps}


@pytest.mark.parametrize(
    ("budget", "expected"),
    [(300.0, {"a", "b"}), (299.99, {"b"}), (200.0, {"b"}), (199.99, {"a"})],
)
def test_budget_at_its_boundary(budget: float, expected: set[str]) -> None:
    """A total equal to the budget is accepted, one cent over refused: for one program
    (b alone, USD 200) and for a combination (a and b, USD 300)."""
    programs = [
        ai_course("a", cost_usd=100, topics=("ai-fundamentals",)),
        ai_course("b", cost_usd=200, topics=("ethics", "evaluation")),
    ]
    assert step_ids(run(programs, budget_usd=budget)) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [(5.0, {"a", "b"}), (4.99, {"b"}), (3.0, {"b"}), (2.99, {"a"})],
)
def test_months_at_their_boundary(months: float, expected: set[str]) -> None:
    programs = [
        ai_course("a", duration_months=2, topics=("ai-fundamentals",)),
        ai_course("b", duration_months=3, topics=("ethics", "evaluation")),
    ]
    assert step_ids(run(programs, months=months)) == expected


def test_unknown_cost_under_a_budget_is_also_considered() -> None:
    programs = [ai_course("known", cost_usd=50), ai_course("secret", cost_usd=None, cost_note="?")]
    p = run(programs, budget_usd=1000)
    assert step_ids(p) == {"known"}
    assert [(a.program.id, "price not published" in a.reason) for a in p.also_consider] == [
        ("secret", True)
    ]


def test_eligibility_routes_any_one_admits() -> None:
    gated = ai_course(
        "gated",
        eligibility=Eligibility(
            routes=(
                Route(roles=("nurse",), min_years=2, note="two years as an RN"),
                Route(degrees=("masters",), note="a master's degree"),
            )
        ),
    )
    # One year and no master's: no route admits; the answer names it with what it needs.
    with pytest.raises(EmptyResultError) as caught:
        run([gated], years=1)
    needs = "gated: needs 2 years of experience (you gave 1) or a master's degree first"
    assert needs in str(caught.value)
    # Either route alone admits.
    assert step_ids(run([gated], years=2)) == {"gated"}
    assert step_ids(run([gated], years=1, have_degrees=("masters",))) == {"gated"}
    # Years not given: unknown, not zero; a step whose why says what it needs.
    p = run([gated])
    assert step_ids(p) == {"gated"}
    assert "after 2 years as a nurse" in p.steps[0].why
    assert "did not say how many years" in p.steps[0].why


def abpm_board(**fields: object) -> Program:
    """The physicians' board exam, open after a clinical informatics fellowship."""
    return ai_course(
        "abpm-clinical-informatics",
        credential="certification",
        recognition="board-certification",
        topics=("informatics",),
        roles=("physician",),
        eligibility=Eligibility(routes=(Route(degrees=("ci-fellowship",)),)),
        **fields,
    )


def fellowship_at(ident: str, **fields: object) -> Program:
    return ai_course(
        ident,
        recognition="fellowship",
        topics=("informatics", "implementation"),
        roles=("physician",),
        awards=("ci-fellowship",),
        **{"duration_months": 24, "cost_usd": 0, **fields},
    )


def test_an_earlier_step_can_make_you_eligible() -> None:
    board = abpm_board()
    fellowship = fellowship_at("fellowship", cost_usd=100)
    ladder_rules = RULES  # the shipped ladder names awards ci-fellowship, then its board id
    req = Request(role="physician", goals=("informatics",))
    p = recommend(programs=[board, fellowship], rules=ladder_rules, request=req, today=TODAY)
    order = [s.program.id for s in p.steps]
    board_at = order.index("abpm-clinical-informatics")
    assert order.index("fellowship") < board_at
    assert "you become eligible for it through step 1" in p.steps[board_at].why.lower()


def test_open_needs_in_words() -> None:
    teachers = [("regulation", ["a", "b"]), ("ai-basics", []), ("leadership", [])]
    assert explain.gap_teachers_note(teachers, RULES) == [
        "Regulation of AI as a medical device is left open: a and b would close it.",
        "Basic knowledge of AI and Leadership and strategy for AI adoption are left open: no "
        "other program you can take within your limits, from where you can study, brings them "
        "to the level your goals need.",
    ]
    assert explain.gap_teachers_note([("ai-basics", [])], RULES) == [
        "Basic knowledge of AI is left open: no other program you can take within your limits, "
        "from where you can study, brings it to the level your goals need."
    ]


def test_left_out_notes_in_words() -> None:
    assert explain.left_out_notes(1, 4, 1) == [
        "1 more program that would help was left out by your limits or their eligibility; "
        "'also consider' shows the nearest four.",
        "1 program that teaches what you need is made for other roles and was not considered.",
    ]
    assert explain.left_out_notes(19, 5, 36) == [
        "19 more programs that would help were left out by your limits or their eligibility; "
        "'also consider' shows the nearest five.",
        "36 programs that teach what you need are made for other roles and were not considered.",
    ]
    assert explain.left_out_notes(0, 0, 0) == []


@pytest.mark.parametrize(
    ("limits", "alike"),
    [
        ({}, ("f-costly", "f-long", "f-two")),
        # In its place, each must keep the pathway within your limits, to the cent and month.
        ({"budget_usd": 500.0}, ("f-costly", "f-long", "f-two")),
        ({"budget_usd": 499.99}, ("f-long", "f-two")),
        ({"months": 30.0}, ("f-costly", "f-long", "f-two")),
        ({"months": 29.99}, ("f-costly", "f-two")),
    ],
)
def test_a_route_step_names_the_others_you_could_take_in_its_place(
    limits: dict[str, float], alike: tuple[str, ...]
) -> None:
    # A fellowship is applied to in numbers (the physicians' ladder: any ACGME-accredited
    # clinical informatics fellowship): the step names the others, if they fit as well.
    board = abpm_board(cost_usd=100, duration_months=1)
    # Each fellowship alone keeps to every limit below; with the board exam, not all do.
    programs = [
        board,
        fellowship_at("f-one"),
        fellowship_at("f-two"),
        fellowship_at("f-costly", cost_usd=400),
        fellowship_at("f-long", duration_months=29),
    ]
    p = run(programs, role="physician", goals=("informatics",), **limits)
    fellowship = next(s for s in p.steps if s.kind == "fellowship")
    assert fellowship.program.id == "f-one"
    assert fellowship.alike == alike
    assert all(s.alike == () for s in p.steps if s is not fellowship)  # an exam is one body's
    if alike:
        assert "apply to several" in fellowship.why


def test_left_out_counts_no_step_no_named_program_and_no_degree() -> None:
    # Taught on site and no country given: informatics master's are kept out of the steps
    # (the degree options answer the degree question, naming three); none counts as "left
    # out", nor does the fellowship named beside the one taken, nor a course about another
    # subject; four of six paused courses do (two are named under also consider).
    on_site = {"delivery": "in-person", "country": "US"}
    masters = {"credential": "masters", "recognition": "degree", "roles": ("physician",)}
    programs = [
        abpm_board(),
        fellowship_at("f-one"),
        fellowship_at("f-two"),
        *(
            ai_course(
                f"ms-{i}",
                topics=("informatics",),
                awards=("informatics-masters",),
                **masters,
                **on_site,
            )
            for i in range(4)
        ),
        *(
            ai_course(f"paused-{i}", status="paused", roles=("physician",), topics=("informatics",))
            for i in range(6)
        ),
        # Exams off the route teach nothing: two are named, the third is not counted either.
        *(
            ai_course(
                f"exam-{i}",
                credential="certification",
                recognition="accredited-certification",
                roles=("physician",),
                topics=("informatics",),
            )
            for i in range(3)
        ),
        # About imaging, with some AI basics: no program an adviser names for informatics.
        ai_course(
            "imaging-first",
            status="paused",
            roles=("physician",),
            topics=("imaging", "ai-fundamentals"),
        ),
    ]
    p = run(programs, role="physician", goals=("informatics",))
    assert any("f-two" in s.alike for s in p.steps)
    assert len(p.degree_options) == 3
    shown = len(p.also_consider)
    assert sum(a.program.id.startswith("paused-") for a in p.also_consider) == 2
    assert sum(a.program.id.startswith("exam-") for a in p.also_consider) == 2
    words = ("no", "one", "two", "three", "four", "five")[shown]
    assert (
        "4 more programs that would help were left out by your limits or their eligibility; "
        f"'also consider' shows the nearest {words}."
    ) in p.notes


def test_place_country_and_on_site() -> None:
    programs = [
        ai_course("online-one"),
        ai_course(
            "in-london", delivery="in-person", country="GB", topics=("regulation", "leadership")
        ),
    ]
    # No country: the on-site program is no step, and "also consider" says why.
    p = run(programs, goals=("governance",))
    assert "in-london" not in step_ids(p)
    assert any(
        a.program.id == "in-london" and "did not say where" in a.reason for a in p.also_consider
    )
    # In the UK it may be a step; in the US it is left out for its place.
    assert "in-london" in step_ids(run(programs, goals=("governance",), country="GB"))
    us = run(programs, goals=("governance",), country="US")
    assert "in-london" not in step_ids(us)
    # You ruled it out by the place you gave: not worth a mention (a ladder step would be).
    assert "in-london" not in [a.program.id for a in us.also_consider]


def test_a_program_on_site_says_what_else_it_asks_first() -> None:
    # Taught on site and open only after graduate credit: the place is not the only reason
    # (review 13: a fellowship for graduates named to a bachelor's holder as only "taught in
    # the US"). Another program can award that credit, so the place leads.
    after_credit = ai_course(
        "after-credit",
        delivery="in-person",
        topics=("regulation", "leadership"),
        eligibility=Eligibility(routes=(Route(degrees=("informatics-graduate-credit",)),)),
    )
    credit = ai_course("credit", awards=("informatics-graduate-credit",))
    p = run([credit, after_credit], goals=("governance",))
    reasons = [a.reason for a in p.also_consider if a.program.id == "after-credit"]
    assert reasons == [
        "taught in-person in US, and you did not say where you can study; it also asks for "
        "graduate coursework in informatics (12 or more semester credits, such as a graduate "
        "certificate) first"
    ]
    # When nothing in reach awards it, what keeps you out wherever you study is the reason.
    p = run([ai_course("online-one"), after_credit], goals=("governance",))
    reasons = [a.reason for a in p.also_consider if a.program.id == "after-credit"]
    assert reasons == [
        "needs graduate coursework in informatics (12 or more semester credits, such as a "
        "graduate certificate) first"
    ]


def test_home_and_international_fees() -> None:
    msc = ai_course(
        "msc", cost_usd=10_000, cost_usd_international=30_000, country="GB", cost_basis="home"
    )
    assert run([msc], country="GB").steps[0].cost_usd == 10_000
    assert run([msc], country="US").steps[0].cost_usd == 30_000
    assert run([msc]).steps[0].cost_usd == 30_000  # the higher, when the place is unknown


def test_status_paused_and_discontinued() -> None:
    programs = [
        ai_course("paused", status="paused"),
        ai_course("closed", status="discontinued"),
        ai_course("running", topics=("ai-fundamentals",)),
    ]
    p = run(programs)
    assert step_ids(p) == {"running"}
    assert [a.program.id for a in p.also_consider] == ["paused"]  # never the closed one


def test_a_step_without_a_known_intake_says_what_its_page_showed() -> None:
    note = "a 2024 guide lists other options only"
    p = run([ai_course("maybe", status="unknown", status_note=note)])
    assert step_ids(p) == {"maybe"}
    assert f"No current intake was found on its page ({note}): check that it runs." in (
        p.steps[0].why
    )


def test_stale_step_is_flagged_and_can_be_left_out() -> None:
    old = ai_course("old", verified=dt.date(2020, 1, 1))
    p = run([old])
    assert "last verified on 2020-01-01" in p.steps[0].why
    with pytest.raises(EmptyResultError):
        run([old], exclude_stale=True)


def test_stale_without_a_current_intake_is_only_also_considered() -> None:
    """Stale and no current intake found: nothing read in 18 months shows it runs, so it is a
    program to check, not a step; a fresh one of lower fit takes its place."""
    old = ai_course("old", verified=dt.date(2020, 1, 1), status="unknown")
    fresh = ai_course("fresh", status="unknown", topics=("ai-fundamentals",))
    p = run([old, fresh])
    assert step_ids(p) == {"fresh"}
    assert [(a.program.id, a.reason, a.check) for a in p.also_consider] == [
        (
            "old",
            "last verified on 2020-01-01, over 18 months ago, and no current intake was found",
            f"that it still runs: {old.url}",
        )
    ]


def test_closes_and_builds_never_overlap_gaps() -> None:
    short = ai_course("short", duration_months=0.2)  # days of teaching: awareness only
    p = run([short])
    step = p.steps[0]
    assert not set(step.closes) & set(p.gaps)
    assert set(step.builds) <= set(p.gaps)


def test_degree_question_answered_with_degree_options() -> None:
    programs = [
        ai_course("course"),
        ai_course(
            "mhi",
            type="academic",
            credential="masters",
            recognition="degree",
            awards=("masters", "informatics-masters"),
            topics=("informatics", "ethics"),
            duration_months=24,
        ),
    ]
    p = run(programs, goals=("governance",))
    assert "mhi" not in step_ids(p)
    assert [o.program.id for o in p.degree_options] == ["mhi"]
    assert "long term" in p.degree_options[0].why


def test_empty_answer_names_the_nearest_programs() -> None:
    programs = [ai_course("dear", cost_usd=5000)]
    with pytest.raises(EmptyResultError) as caught:
        run(programs, budget_usd=100)
    message = str(caught.value)
    assert "dear" in message and "more than your budget" in message


def test_unknown_words_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        run([ai_course("a")], goals=("no-such-goal",))
    with pytest.raises(UsageError):
        run([ai_course("a")], role="astronaut")


def test_cheapest_alternative_says_what_it_leaves_open() -> None:
    """A cheaper pathway that covers less says which needs it leaves open (never "as many of
    your needs"), and against a pathway with no published price it says "cost unknown"."""
    broad = ai_course("broad", cost_usd=None, cost_note="?")
    other = ai_course("other", cost_usd=None, cost_note="?", status="unknown")
    half = ai_course("half", cost_usd=10, topics=("ethics", "evaluation"), status="unknown")
    p = run([broad, other, half])
    cheapest = [a for a in p.alternatives if a.label == "cheapest known cost"]
    assert [s.program.id for s in cheapest[0].steps] == ["half"]
    # As recognised as the pathway's steps: no word on recognition.
    assert cheapest[0].reason == (
        "Every step has a published price: USD 10, 3 months, against cost unknown, 3 months "
        "for the pathway above. It takes Course half instead of Course broad; it leaves Basic "
        "knowledge of AI short of the level your goals need, which the pathway above reaches: "
        "the most of your needs it can at the lowest price."
    )
    assert "ai-basics" in cheapest[0].gaps and "ai-basics" not in p.gaps


def test_no_cheapest_alternative_that_closes_under_half_as_much() -> None:
    """Priced but closing under half the levels of the pathway above: no alternative."""
    broad = ai_course("broad", cost_usd=None, cost_note="?")
    other = ai_course("other", cost_usd=None, cost_note="?", status="unknown")
    tiny = ai_course("tiny", cost_usd=5, topics=("regulation",), status="unknown")
    p = run([broad, other, tiny])
    assert "tiny" in step_ids(p)
    assert [a.label for a in p.alternatives] == ["other programs"]


@pytest.mark.parametrize(
    ("basis", "international", "country", "expected"),
    [
        ("home", None, "US", 26100),  # a home student pays the home fee
        ("home", None, "GB", None),  # elsewhere: the fee for you is not published
        ("home", None, None, None),  # where you live is not known
        ("home", 30000, "GB", 30000),  # the international fee is published
        ("home", 30000, None, 30000),  # not known: the higher of the two
        ("all", None, "GB", 26100),  # one fee for all
    ],
)
def test_cost_for_reads_whom_the_fee_is_for(
    basis: str, international: float | None, country: str | None, expected: float | None
) -> None:
    from hcai_path.recommend.fit import cost_for

    p = make_program(
        country="US", cost_usd=26100, cost_usd_international=international, cost_basis=basis
    )
    assert cost_for(p, country) == expected


def test_cheapest_alternative_says_less_recognised_only_when_it_is() -> None:
    """A priced MOOC certificate in place of an unpriced university certificate is "less
    recognised"; the words are not said of an alternative as recognised as the pathway."""
    broad = ai_course("broad", cost_usd=None, cost_note="?")
    other = ai_course("other", cost_usd=None, cost_note="?", status="unknown")
    mooc = ai_course("mooc", cost_usd=10, recognition="mooc-certificate", status="unknown")
    p = run([broad, other, mooc])
    cheapest = [a for a in p.alternatives if a.label == "cheapest known cost"]
    assert [s.program.id for s in cheapest[0].steps] == ["mooc"]
    assert cheapest[0].reason.endswith("with less recognised credentials.")
