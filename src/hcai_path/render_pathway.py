"""Output boundary for a recommended pathway: one function per format, each returning text."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from hcai_path import text as t
from hcai_path.models import Program
from hcai_path.render import (
    Format,
    cell,
    money,
    months,
    program_record,
    to_delimited,
    to_json,
    to_jsonl,
)

if TYPE_CHECKING:
    from hcai_path.recommend import Pathway
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


def _plain(value: Any, today: dt.date) -> Any:
    """Result tuples as JSON-ready values; programs as the contract's object."""
    if isinstance(value, Program):
        return program_record(value, today)
    fields = getattr(value, "_fields", None)
    if fields is not None:  # the engine's NamedTuples
        return {name: _plain(getattr(value, name), today) for name in fields}
    if isinstance(value, (list, tuple)):
        return [_plain(v, today) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, today) for k, v in value.items()}
    return value


def pathway_record(pathway: Pathway, *, today: dt.date) -> dict[str, Any]:
    """The contract's JSON object for `recommend`."""
    record: dict[str, Any] = _plain(pathway, today)
    return record


def step_rows(pathway: Pathway) -> list[list[Any]]:
    return [
        [
            s.order,
            s.kind,
            s.program.id,
            s.program.name,
            s.program.type,
            s.program.cost_usd,
            s.program.duration_months,
            list(s.closes),
            s.why,
        ]
        for s in pathway.steps
    ]


def timeline(pathway: Pathway, *, width: int = 32) -> list[tuple[str, str, str]]:
    """The steps laid end to end: (id, 'months a-b', bar); unknown durations stop the clock."""
    known = [s.program.duration_months for s in pathway.steps]
    total = sum(d for d in known if d is not None) or 1.0
    start: float | None = 0.0
    out = []
    for step in pathway.steps:
        d = step.program.duration_months
        if start is None or d is None:
            span = (
                "after the previous step"
                if start is None
                else f"from month {cell(round(start, 1))}"
            )
            out.append((step.program.id, span + ", length unknown", "?"))
            start = None
            continue
        end = start + d
        lead = int(round(start / total * width))
        bar = max(1, int(round(d / total * width)))
        out.append(
            (
                step.program.id,
                f"months {cell(round(start, 1))}-{cell(round(end, 1))}",
                " " * lead + "#" * bar,
            )
        )
        start = end
    return out


def competency_names(ids: Any, rules: Rules) -> str:
    names = [rules.competencies[c].name if c in rules.competencies else c for c in ids]
    return ", ".join(names) if names else "none"


def totals_line(pathway: Pathway) -> str:
    totals = pathway.totals
    steps = len(pathway.steps)
    cost = money(totals.cost_usd)
    if totals.unknown_cost_steps == steps:
        cost = "cost unknown (no step publishes one)"
    elif totals.unknown_cost_steps:
        cost += f" plus {_steps(totals.unknown_cost_steps)} of unknown cost"
    length = months(totals.months)
    unknown_duration = totals.unknown_duration_steps
    if unknown_duration == steps:
        length = "length unknown (no step publishes one)"
    elif unknown_duration:
        length += f" plus {_steps(unknown_duration)} of unknown length"
    return f"Total: {cost}; {length}, one step after another"


def _steps(count: int) -> str:
    return f"{count} step" + ("" if count == 1 else "s")


def foundation_line(pathway: Pathway) -> str:
    f = pathway.foundation
    status = {
        "held": "you hold it",
        "assumed": "assumed for your role",
        "recommended": "recommended below",
    }.get(f.status, f.status)
    return f"Foundation: {f.name} ({status})"


def header_lines(pathway: Pathway) -> list[str]:
    c = pathway.constraints
    limits = []
    if c.budget_usd is not None:
        limits.append(f"budget {money(c.budget_usd)}")
    if c.months is not None:
        limits.append(f"at most {cell(c.months)} months")
    if c.delivery:
        limits.append(f"{c.delivery} only")
    if c.have:
        limits.append("have: " + ", ".join(c.have))
    lines = [
        f"Pathway for a {pathway.role} ({pathway.family}); goals: {', '.join(pathway.goals)}",
    ]
    if limits:
        lines.append("Constraints: " + "; ".join(limits))
    lines.append(foundation_line(pathway))
    return lines


def pathway_markdown(pathway: Pathway, *, rules: Rules, today: dt.date) -> str:
    """A page to share with a mentor."""
    out = [f"# {t.markdown(header_lines(pathway)[0])}\n"]
    out.extend(f"- {t.markdown(line)}" for line in header_lines(pathway)[1:])
    out.append("\n## Steps\n")
    for s in pathway.steps:
        p = s.program
        out.append(
            f"{s.order}. **[{t.markdown(p.name)}](<{t.inert(p.url)}>)** "
            f"({t.markdown(p.provider)}; {t.markdown(s.kind)}; "
            f"{t.markdown(money(p.cost_usd))}; {months(p.duration_months)})  \n"
            f"   {t.markdown(s.why)}  \n"
            f"   Closes: {t.markdown(competency_names(s.closes, rules))}. "
            f"Source verified {p.verified.isoformat()}"
            + (" (stale)" if p.is_stale(today) else "")
            + f": <{t.inert(p.source)}>"
        )
    out.append(f"\n{t.markdown(totals_line(pathway))}\n")
    out.append("## Timeline\n")
    out.append("```")
    out.extend(f"{ident:<40} {span:<28} {bar}" for ident, span, bar in timeline(pathway))
    out.append("```\n")
    out.append("## Gaps left\n")
    out.append(f"{t.markdown(competency_names(pathway.gaps, rules))}\n")
    if pathway.notes:
        out.append("## Notes\n")
        out.extend(f"- {t.markdown(n)}" for n in pathway.notes)
    return "\n".join(out) + "\n"


def pathway_table(pathway: Pathway, *, rules: Rules, today: dt.date) -> str:
    from hcai_path import table

    parts: list[object] = [
        table.text(line, bold=i == 0) for i, line in enumerate(header_lines(pathway))
    ]
    rows = [
        [
            str(s.order),
            f"{s.program.name}\n{s.program.provider}\n{s.program.id}",
            s.kind,
            money(s.program.cost_usd),
            months(s.program.duration_months),
            competency_names(s.closes, rules),
            s.why,
        ]
        for s in pathway.steps
    ]
    parts.append(
        table.grid(
            ["#", "program", "kind", "cost", "duration", "closes", "why"],
            rows,
            no_wrap=["#", "kind", "cost", "duration"],
            dim_rows=[s.program.is_stale(today) for s in pathway.steps],
        )
    )
    parts.append(table.text(totals_line(pathway), bold=True))
    parts.append(
        table.grid(
            ["step", "when", "timeline"], timeline(pathway), no_wrap=["step", "when", "timeline"]
        )
    )
    parts.append(table.text("Gaps left: " + competency_names(pathway.gaps, rules)))
    parts.extend(table.text("Note: " + n) for n in pathway.notes)
    return table.render(parts)


def render_pathway(
    pathway: Pathway, *, fmt: Format, rules: Rules, today: dt.date, headers: bool = True
) -> str:
    if fmt is Format.JSON:
        return to_json(pathway_record(pathway, today=today))
    if fmt is Format.JSONL:
        record = pathway_record(pathway, today=today)
        return to_jsonl(record["steps"])
    if fmt is Format.MARKDOWN:
        return pathway_markdown(pathway, rules=rules, today=today)
    if fmt is Format.TABLE:
        return pathway_table(pathway, rules=rules, today=today)
    return to_delimited(STEP_COLUMNS, step_rows(pathway), fmt=fmt, headers=headers)
