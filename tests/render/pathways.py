"""A pathway built by hand (no engine), to show in every format: the one place that knows how
the result types of models.py fit together. Not a test module."""

from __future__ import annotations

from collections.abc import Sequence

from hcai_path.models import (
    AlsoConsider,
    Alternative,
    Constraints,
    DegreeOption,
    Foundation,
    LadderNote,
    Pathway,
    Program,
    Step,
    Totals,
)


def sample_pathway(programs: Sequence[Program], text: str = "") -> Pathway:
    """Each program a step (the last also a degree option and one to also consider); `text`
    goes into every free-text part of the pathway (whys, reasons, notes)."""
    steps = tuple(
        Step(
            order=i + 1,
            kind="certificate" if i else "degree",
            program=p,
            closes=("ai-basics",) if i == 0 else (),
            builds=("leadership",),
            why=f"why {i + 1}: {text}",
            cost_usd=p.cost_usd,
        )
        for i, p in enumerate(programs)
    )
    known_cost = [s.cost_usd for s in steps if s.cost_usd is not None]
    known_months = [s.program.duration_months for s in steps if s.program.duration_months]
    totals = Totals(
        cost_usd=sum(known_cost),
        unknown_cost_steps=len(steps) - len(known_cost),
        months=sum(known_months),
        unknown_duration_steps=len(steps) - len(known_months),
    )
    last = programs[-1]
    return Pathway(
        role="nurse",
        family="clinician",
        goals=("governance",),
        constraints=Constraints(
            budget_usd=5000, months=None, delivery="online", country=None, have=(), years=None
        ),
        foundation=Foundation(name="a bachelor's degree", status="assumed", program_id=None),
        steps=steps,
        totals=totals,
        gaps=("regulation",),
        degree_options=(DegreeOption(program=last, why=f"a degree: {text}"),),
        alternatives=(
            Alternative(
                label="cheapest known cost",
                reason=f"cheaper: {text}",
                steps=steps[:1],
                totals=totals,
                gaps=(),
            ),
        ),
        also_consider=(
            AlsoConsider(program=last, reason=f"price not published {text}", check="the fee"),
        ),
        notes=(f"a note: {text}",),
        ladders=(
            LadderNote(
                id="a-ladder",
                meaning=f"a ladder {text}",
                source="https://a.example.org/",
                steps_in_pathway=1,
                steps=2,
            ),
        ),
    )
