"""Markdown: pages to share (GitHub-flavoured tables), every data string escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hcai_path import text as t
from hcai_path.models import STALE_AFTER_MONTHS, Program, program_record
from hcai_path.render import Context, Format, Formatter, Output, fields
from hcai_path.render import pathway_text as words

if TYPE_CHECKING:
    from hcai_path.models import Pathway


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured table; cells must already be markdown-escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def url(link: str) -> str:
    """A URL safe inside `(<...>)` in a table cell: `|`, `<`, `>` and spaces percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in "|<>` \\" else c for c in t.inert(link))


class MarkdownFormatter(Formatter):
    format = Format.MARKDOWN
    title = "hcai-path catalog"

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        by_type: dict[str, list[Program]] = {}
        for p in programs:
            by_type.setdefault(p.type, []).append(p)
        stale = sum(p.is_stale(ctx.today) for p in programs)
        parts = [
            f"# {self.title}\n",
            f"{fields.plural(len(programs), 'program')}; {stale} stale as of "
            f"{ctx.today.isoformat()} (verified over {STALE_AFTER_MONTHS} months earlier).\n",
        ]
        header = ["Program", "Provider", "Credential", "Delivery", "Duration", "Cost (USD)"]
        header.append("Verified")
        for kind, group in by_type.items():
            parts.append(f"\n## {t.markdown(kind.capitalize())} ({len(group)})\n\n")
            rows = [
                [
                    f"[{t.markdown(p.name)}](<{url(p.url)}>) `{t.inert(p.id)}`",
                    t.markdown(p.provider),
                    t.markdown(p.credential),
                    t.markdown(p.delivery),
                    fields.months(p.duration_months),
                    t.markdown(fields.money(p.cost_usd)),
                    f"[{fields.verified_label(p, ctx.today)}](<{url(p.source)}>)",
                ]
                for p in group
            ]
            parts.append(table(header, rows))
        return "".join(parts)

    def program(self, program: Program, ctx: Context) -> Output:
        r = program_record(program, ctx.today)
        lines = [f"## {t.markdown(program.name)}\n"]
        lines.extend(
            f"- **{key}**: {t.markdown(fields.detail_value(r, key))}"
            for key in fields.DETAIL_FIELDS
        )
        return "\n".join(lines) + "\n"

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        header = ["field", *(t.markdown(p.id) for p in programs)]
        rows = [[t.markdown(v) for v in row] for row in fields.detail_rows(programs, ctx.today)]
        return table(header, rows)

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        return table(list(header), [[t.markdown(fields.cell(v)) for v in row] for row in rows])

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        """A page to share with a mentor."""
        assert ctx.rules is not None
        rules, today = ctx.rules, ctx.today
        heading = words.header_lines(pathway)
        out = [f"# {t.markdown(heading[0])}\n"]
        out.extend(f"- {t.markdown(line)}" for line in heading[1:])
        out.append("\n## Steps\n")
        for s in pathway.steps:
            p = s.program
            out.append(
                f"{s.order}. **[{t.markdown(p.name)}](<{t.inert(p.url)}>)** "
                f"({t.markdown(p.provider)}; {t.markdown(s.kind)}; "
                f"{t.markdown(fields.money(s.cost_usd))}; {fields.months(p.duration_months)})  \n"
                f"   {t.markdown(s.why)}  \n"
                f"   Closes: {t.markdown(words.competency_names(s.closes, rules))}. "
                + (
                    f"Builds: {t.markdown(words.competency_names(s.builds, rules))}. "
                    if s.builds
                    else ""
                )
                + f"Source verified {p.verified.isoformat()}"
                + (" (stale)" if p.is_stale(today) else "")
                + (", on another site than its page" if p.source_is_third_party else "")
                + f": <{t.inert(p.source)}>"
            )
        out.append(f"\n{t.markdown(words.totals_line(pathway))}\n")
        out.append("## Timeline\n")
        out.append("```")
        out.extend(f"{ident:<40} {span:<28} {bar}" for ident, span, bar in words.timeline(pathway))
        out.append("```\n")
        out.append("## Gaps left\n")
        out.append(f"{t.markdown(words.competency_names(pathway.gaps, rules))}\n")
        sections = (
            ("Degree options (long term)", words.degree_lines(pathway)),
            (
                "Alternatives",
                [
                    (f"{label}: {steps}", why)
                    for label, steps, why in words.alternative_lines(pathway)
                ],
            ),
            ("Also consider", words.also_lines(pathway)),
        )
        for title, items in sections:
            if items:
                out.append(f"## {title}\n")
                out.extend(f"- **{t.markdown(head)}**: {t.markdown(text)}" for head, text in items)
                out.append("")
        if pathway.notes:
            out.append("## Notes\n")
            out.extend(f"- {t.markdown(n)}" for n in pathway.notes)
        return "\n".join(out) + "\n"
