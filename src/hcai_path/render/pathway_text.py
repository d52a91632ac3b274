"""A pathway in words, shared by the table and markdown views and by the notes a pipe gets on
stderr: the header, the route, the steps' rows, the totals, the timeline, the degree options,
the alternatives and what to also consider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hcai_path.render.fields import cell, money

if TYPE_CHECKING:
    from hcai_path.models import Pathway, Step, Totals
    from hcai_path.rules import Rules

STEP_COLUMNS = (
    "order",
    "kind",
    "id",
    "name",
    "type",
    "cost_usd",
    "duration_months",
    "closes",
    "why",
)


def step_rows(pathway: Pathway) -> list[list[Any]]:
    return [
        [
            s.order,
            s.kind,
            s.program.id,
            s.program.name,
            s.program.type,
            s.cost_usd,
            s.program.duration_months,
            list(s.closes),
            s.why,
        ]
        for s in pathway.steps
    ]


def span(value: float) -> str:
    """A month count for a label: up to two decimals, no trailing zeros."""
    return f"{round(value, 2):g}"


def timeline(pathway: Pathway, *, width: int = 24) -> list[tuple[str, str, str]]:
    """The steps laid end to end: (id, when, bar). A step of unknown length has a known start
    but no end, so each later step starts "after" the step before it; a step open only after
    years of experience the user did not give starts after those years."""
    lengths = [s.program.duration_months for s in pathway.steps]
    total = sum(d for d in lengths if d is not None) or 1.0
    start: float | None = 0.0
    out = []
    for i, step in enumerate(pathway.steps):
        d = step.program.duration_months
        if step.after_years:
            # Open only after years of experience you did not give: no month to place it at.
            when = f"after {step.after_years} years' experience" + (
                "" if d is None else f", {span(d)} months"
            )
            out.append((step.program.id, when, "?"))
            start = None
            continue
        if start is None:
            before = pathway.steps[i - 1].order
            when = f"after step {before}" + ("" if d is None else f", {span(d)} months")
            out.append((step.program.id, when, "?"))
            continue
        if d is None:
            out.append((step.program.id, f"from month {span(start)}, length unknown", "?"))
            start = None
            continue
        end = start + d
        lead = int(round(start / total * width))
        bar = max(1, int(round(d / total * width)))
        out.append((step.program.id, f"months {span(start)}-{span(end)}", " " * lead + "#" * bar))
        start = end
    return out


def competency_names(ids: Any, rules: Rules) -> str:
    names = [rules.competencies[c].name if c in rules.competencies else c for c in ids]
    return ", ".join(names) if names else "none"


def totals_text(totals: Totals, steps: int) -> str:
    cost = money(totals.cost_usd)
    if totals.unknown_cost_steps == steps:
        cost = "cost unknown (no step publishes one)"
    elif totals.unknown_cost_steps:
        cost += f" plus {_steps(totals.unknown_cost_steps)} of unknown cost"
    length = f"{cell(totals.months)} months"
    if totals.unknown_duration_steps == steps:
        length = "length unknown (no step publishes one)"
    elif totals.unknown_duration_steps:
        length += f" plus {_steps(totals.unknown_duration_steps)} of unknown length"
    return f"{cost}; {length}, one step after another"


def totals_line(pathway: Pathway) -> str:
    return "Total: " + totals_text(pathway.totals, len(pathway.steps))


def _steps(count: int) -> str:
    return f"{count} step" + ("" if count == 1 else "s")


def foundation_line(pathway: Pathway) -> str:
    f = pathway.foundation
    status = {
        "held": "you hold it",
        "assumed": "assumed for your role",
        "recommended": "the degree step below",
    }.get(f.status, f.status)
    return f"Foundation: {f.name} ({status})"


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def header_lines(pathway: Pathway) -> list[str]:
    c = pathway.constraints
    limits = []
    if c.budget_usd is not None:
        limits.append(f"budget {money(c.budget_usd)}")
    if c.months is not None:
        limits.append(f"at most {cell(c.months)} months")
    if c.delivery:
        limits.append(f"{c.delivery} only")
    if c.country:
        limits.append(f"online or in {c.country}")
    if c.years is not None:
        limits.append(f"{c.years} years of experience")
    if c.have:
        limits.append("have: " + ", ".join(c.have))
    role = pathway.role.replace("-", " ")
    family = "" if pathway.family == pathway.role else f" ({pathway.family})"
    lines = [f"Pathway for {_a(role)}{family}; goals: {', '.join(pathway.goals)}"]
    if limits:
        lines.append("Constraints: " + "; ".join(limits))
    lines.append(foundation_line(pathway))
    lines.extend(route_lines(pathway))
    return lines


def route_lines(pathway: Pathway) -> list[str]:
    return [
        f"Recognised route: {ladder.meaning} (this pathway takes {ladder.steps_in_pathway} of "
        f"its {ladder.steps} steps; source {ladder.source})"
        for ladder in pathway.ladders
    ]


def step_summary(steps: tuple[Step, ...]) -> str:
    return " -> ".join(s.program.id for s in steps)


def gaps_line(pathway: Pathway, rules: Rules) -> str:
    return "Gaps left: " + competency_names(pathway.gaps, rules)


def degree_lines(pathway: Pathway) -> list[tuple[str, str]]:
    """(id, the adviser's words) per degree option."""
    return [(o.program.id, o.why) for o in pathway.degree_options]


def alternative_lines(pathway: Pathway) -> list[tuple[str, str, str]]:
    """(label, the steps and totals, the reason) per alternative."""
    return [
        (
            a.label,
            f"{step_summary(a.steps)} ({totals_text(a.totals, len(a.steps))})",
            a.reason,
        )
        for a in pathway.alternatives
    ]


def also_lines(pathway: Pathway) -> list[tuple[str, str]]:
    return [(a.program.id, f"{a.reason}; check {a.check}") for a in pathway.also_consider]


def side_lines(pathway: Pathway, rules: Rules) -> list[str]:
    """What a table shows beside the steps, as lines for stderr when the data goes to a pipe."""
    lines = [gaps_line(pathway, rules)]
    lines.extend(route_lines(pathway))
    lines.extend(f"Degree option: {ident}: {why}" for ident, why in degree_lines(pathway))
    lines.extend(
        f"Alternative ({label}): {steps}. {reason}"
        for label, steps, reason in alternative_lines(pathway)
    )
    lines.extend(f"Also consider: {ident}: {text}" for ident, text in also_lines(pathway))
    lines.extend(f"Note: {n}" for n in pathway.notes)
    return lines
