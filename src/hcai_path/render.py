"""Output boundary for records: one function per format, each returning the text to print.

Rich is not imported here; terminal tables live in `table.py` so machine formats stay fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hcai_path import text as t
else:

    class _Text:
        """hcai_path.text, imported on first use: its patterns cost start-up 2 ms to compile,
        and JSON of plain ASCII text never needs them."""

        def __getattr__(self, name: str) -> Any:
            from hcai_path import text

            return getattr(text, name)

    t = _Text()
from hcai_path.models import Program, stale_cutoff


class Format(StrEnum):
    AUTO = "auto"
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MARKDOWN = "markdown"
    TOML = "toml"


LIST_COLUMNS = (
    "id",
    "name",
    "provider",
    "type",
    "credential",
    "delivery",
    "duration_months",
    "cost_usd",
    "cost_note",
    "topics",
    "roles",
    "prerequisites",
    "url",
    "source",
    "verified",
    "stale",
)


def program_record(p: Program, today: dt.date) -> dict[str, Any]:
    """A program as the contract's JSON object (extra keys after the contract's)."""
    return {
        "id": p.id,
        "name": p.name,
        "provider": p.provider,
        "type": p.type,
        "credential": p.credential,
        "delivery": p.delivery,
        "duration_months": p.duration_months,
        "cost_usd": p.cost_usd,
        "cost_note": p.cost_note,
        "topics": list(p.topics),
        "roles": list(p.roles),
        "prerequisites": p.prerequisites,
        "eligibility": None
        if p.eligibility is None
        else {
            "roles": list(p.eligibility.roles),
            "degrees": list(p.eligibility.degrees),
            "min_years": p.eligibility.min_years,
            "note": p.eligibility.note,
        },
        "url": p.url,
        "source": p.source,
        "verified": p.verified.isoformat(),
        "stale": p.is_stale(today),
        "duration_note": p.duration_note,
        "awards": list(p.awards),
        "counts_toward": list(p.counts_toward),
        "prepares_for": list(p.prepares_for),
    }


# ---- generic row/record writers -------------------------------------------------------------


def to_json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, made safe for terminals."""
    try:
        text = _indented_json(value)
    except _NotPlainJson:
        import json

        text = json.dumps(value, ensure_ascii=False, indent=2)
    return _safe(text) + "\n"


class _NotPlainJson(Exception):
    """A value that the fast writer leaves to `json.dumps` (a non-text key, an odd type)."""


def _quote() -> Callable[[str], str]:
    """json's string escaping for ensure_ascii=False (its C function, without importing json)."""
    try:
        from _json import encode_basestring
    except ImportError:  # not CPython
        from json.encoder import encode_basestring
    return encode_basestring


def _float_json(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INF, -_INF):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INF = float("inf")


def _indented_json(value: Any, pad: str = "\n") -> str:
    """What `json.dumps(value, ensure_ascii=False, indent=2)` writes, byte for byte.

    With `indent`, the json module falls back from its C encoder to pure Python generators,
    which take seconds for a 10,000-program list; this writer keeps only the per-value work
    (string escaping is still json's own C function).
    """
    quote = _quote()

    parts: list[str] = []
    add = parts.append

    def emit(o: Any, pad: str) -> None:
        if isinstance(o, str):
            add(quote(o))
        elif o is None:
            add("null")
        elif o is True:
            add("true")
        elif o is False:
            add("false")
        elif isinstance(o, int):
            add(int.__repr__(o))
        elif isinstance(o, float):
            add(_float_json(o))
        elif isinstance(o, list | tuple):
            if not o:
                add("[]")
                return
            inner = pad + "  "
            add("[" + inner)
            separator = "," + inner
            first = True
            for item in o:
                if first:
                    first = False
                else:
                    add(separator)
                if type(item) is str:
                    add(quote(item))
                else:
                    emit(item, inner)
            add(pad + "]")
        elif isinstance(o, dict):
            if not o:
                add("{}")
                return
            inner = pad + "  "
            separator = "," + inner
            lead = "{" + inner
            for key, item in o.items():
                if not isinstance(key, str):
                    raise _NotPlainJson
                add(lead + quote(key) + ": ")
                lead = separator
                if type(item) is str:
                    add(quote(item))
                else:
                    emit(item, inner)
            add(pad + "}")
        else:
            raise _NotPlainJson

    emit(value, pad)
    return "".join(parts)


def _safe(text: str) -> str:
    """`t.json_safe`, skipped on pure ASCII text without DEL (the usual case, checked fast)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return t.json_safe(text)


def _scalar_json(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_json(value)
    raise _NotPlainJson


def _program_json(p: Program, stale: bool) -> str:
    """`program_record(p)` as an item of an indented JSON list, without building the record."""
    q = _quote()

    def strings(values: Sequence[str]) -> str:
        if not values:
            return "[]"
        return "[\n      " + ",\n      ".join(map(q, values)) + "\n    ]"

    e = p.eligibility
    eligibility = (
        "null"
        if e is None
        else _indented_json(
            {
                "roles": list(e.roles),
                "degrees": list(e.degrees),
                "min_years": e.min_years,
                "note": e.note,
            },
            "\n    ",
        )
    )
    return "".join(
        (
            '{\n    "id": ',
            q(p.id),
            ',\n    "name": ',
            q(p.name),
            ',\n    "provider": ',
            q(p.provider),
            ',\n    "type": ',
            q(p.type),
            ',\n    "credential": ',
            q(p.credential),
            ',\n    "delivery": ',
            q(p.delivery),
            ',\n    "duration_months": ',
            _scalar_json(p.duration_months),
            ',\n    "cost_usd": ',
            _scalar_json(p.cost_usd),
            ',\n    "cost_note": ',
            q(p.cost_note),
            ',\n    "topics": ',
            strings(p.topics),
            ',\n    "roles": ',
            strings(p.roles),
            ',\n    "prerequisites": ',
            q(p.prerequisites),
            ',\n    "eligibility": ',
            eligibility,
            ',\n    "url": ',
            q(p.url),
            ',\n    "source": ',
            q(p.source),
            ',\n    "verified": ',
            q(p.verified.isoformat()),
            ',\n    "stale": ',
            "true" if stale else "false",
            ',\n    "duration_note": ',
            q(p.duration_note),
            ',\n    "awards": ',
            strings(p.awards),
            ',\n    "counts_toward": ',
            strings(p.counts_toward),
            ',\n    "prepares_for": ',
            strings(p.prepares_for),
            "\n  }",
        )
    )


def programs_json(
    programs: Sequence[Program], today: dt.date, *, chunk: int = 500
) -> Iterator[str]:
    """`to_json([program_record(p, today) for p in programs])`, in pieces to write as they come:
    a 10,000-program list never sits in memory whole, as records or as text."""
    if not programs:
        yield "[]\n"
        return
    cutoff = stale_cutoff(today)
    lead = "[\n  "
    for start in range(0, len(programs), chunk):
        part = programs[start : start + chunk]
        try:
            body = ",\n  ".join([_program_json(p, p.verified < cutoff) for p in part])
        except (_NotPlainJson, TypeError):  # not what validation lets through: the slow way
            import json

            text = json.dumps(
                [program_record(p, today) for p in part], ensure_ascii=False, indent=2
            )
            body = text[len("[\n  ") : -len("\n]")]
        yield _safe(lead + body)
        lead = ",\n  "
    yield "\n]\n"


def to_jsonl(records: Sequence[Any]) -> str:
    import json

    return "".join(
        t.json_safe(json.dumps(r, ensure_ascii=False, separators=(",", ":"))) + "\n"
        for r in records
    )


def cell(value: Any) -> str:
    """A value as plain text for a delimited cell; lists joined with `;`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_delimited(
    header: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: Format, headers: bool = True
) -> str:
    import csv
    import io

    out = io.StringIO()
    if fmt is Format.TSV:
        lines = ["\t".join(header)] if headers else []
        lines.extend("\t".join(t.tsv_cell(cell(v)) for v in row) for row in rows)
        return "".join(line + "\n" for line in lines)
    writer = csv.writer(out, lineterminator="\n")
    if headers:
        writer.writerow(header)
    writer.writerows([t.csv_cell(cell(v)) for v in row] for row in rows)
    return out.getvalue()


def to_markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured table; cells must already be markdown-escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


# ---- programs ------------------------------------------------------------------------------


def money(cost: float | None) -> str:
    if cost is None:
        return "unknown"
    return f"${cost:,.0f}" if float(cost).is_integer() else f"${cost:,.2f}"


def months(duration: float | None) -> str:
    if duration is None:
        return "unknown"
    return f"{cell(duration)} mo"


def markdown_url(url: str) -> str:
    """A URL safe inside `(<...>)` in a table cell: `|`, `<`, `>` and spaces percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in "|<>` \\" else c for c in t.inert(url))


def verified_label(p: Program, today: dt.date) -> str:
    return p.verified.isoformat() + (" (stale)" if p.is_stale(today) else "")


def programs_delimited(
    programs: Sequence[Program], *, today: dt.date, fmt: Format, headers: bool = True
) -> str:
    rows = []
    for p in programs:
        record = program_record(p, today)
        rows.append([record[c] for c in LIST_COLUMNS])
    return to_delimited(LIST_COLUMNS, rows, fmt=fmt, headers=headers)


def programs_markdown(programs: Sequence[Program], *, today: dt.date, title: str) -> str:
    by_type: dict[str, list[Program]] = {}
    for p in programs:
        by_type.setdefault(p.type, []).append(p)
    stale = sum(p.is_stale(today) for p in programs)
    count = f"{len(programs)} program" + ("" if len(programs) == 1 else "s")
    parts = [
        f"# {title}\n",
        f"{count}; {stale} stale as of {today.isoformat()} (verified over 18 months earlier).\n",
    ]
    header = ["Program", "Provider", "Credential", "Delivery", "Duration", "Cost (USD)", "Verified"]
    for kind, group in by_type.items():
        parts.append(f"\n## {t.markdown(kind.capitalize())} ({len(group)})\n\n")
        rows = [
            [
                f"[{t.markdown(p.name)}](<{markdown_url(p.url)}>) `{t.inert(p.id)}`",
                t.markdown(p.provider),
                t.markdown(p.credential),
                t.markdown(p.delivery),
                months(p.duration_months),
                t.markdown(money(p.cost_usd)),
                f"[{verified_label(p, today)}](<{markdown_url(p.source)}>)",
            ]
            for p in group
        ]
        parts.append(to_markdown_table(header, rows))
    return "".join(parts)


def program_markdown(p: Program, *, today: dt.date) -> str:
    r = program_record(p, today)
    lines = [f"## {t.markdown(p.name)}\n"]
    lines.extend(f"- **{key}**: {t.markdown(detail_value(r, key))}" for key in DETAIL_FIELDS)
    return "\n".join(lines) + "\n"


DETAIL_FIELDS = (
    "id",
    "name",
    "provider",
    "type",
    "credential",
    "delivery",
    "duration",
    "cost",
    "topics",
    "roles",
    "prerequisites",
    "eligibility",
    "awards",
    "counts_toward",
    "prepares_for",
    "url",
    "source",
    "verified",
)


def detail_value(record: dict[str, Any], key: str) -> str:
    """One field of a program for people: units, notes and unknowns spelled out."""
    if key == "duration":
        text = months(record["duration_months"])
        return f"{text} ({record['duration_note']})" if record["duration_note"] else text
    if key == "cost":
        text = money(record["cost_usd"])
        return f"{text} ({record['cost_note']})" if record["cost_note"] else text
    if key == "eligibility":
        e = record["eligibility"]
        if e is None:
            return "open (no stated restriction)"
        parts = []
        if e["roles"]:
            parts.append("roles: " + ", ".join(e["roles"]))
        if e["degrees"]:
            parts.append("degrees: " + ", ".join(e["degrees"]))
        if e["min_years"]:
            parts.append(f"at least {e['min_years']} years of experience")
        if e["note"]:
            parts.append(e["note"])
        return "; ".join(parts)
    if key == "verified":
        stale = " (stale: verified over 18 months ago)" if record["stale"] else ""
        return str(record["verified"]) + stale
    value = record[key]
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return cell(value)


def compare_delimited(
    programs: Sequence[Program], *, today: dt.date, fmt: Format, headers: bool = True
) -> str:
    records = [program_record(p, today) for p in programs]
    header = ["field", *(p.id for p in programs)]
    rows = [[key, *(detail_value(r, key) for r in records)] for key in DETAIL_FIELDS]
    return to_delimited(header, rows, fmt=fmt, headers=headers)


def compare_markdown(programs: Sequence[Program], *, today: dt.date) -> str:
    records = [program_record(p, today) for p in programs]
    header = ["field", *(t.markdown(p.id) for p in programs)]
    rows = [[key, *(t.markdown(detail_value(r, key)) for r in records)] for key in DETAIL_FIELDS]
    return to_markdown_table(header, rows)


def programs_toml(programs: Sequence[Program]) -> str:
    """A valid catalog file holding exactly these programs."""
    import tomli_w

    entries = []
    for p in programs:
        entry: dict[str, Any] = {}
        for key, value in p._asdict().items():
            if value is None or value == () or value == "":
                continue
            if key == "eligibility":
                value = {
                    k: list(v) if isinstance(v, tuple) else v
                    for k, v in value._asdict().items()
                    if v not in ((), "", 0)
                }
            elif isinstance(value, tuple):
                value = list(value)
            entry[key] = value
        entries.append(entry)
    # tomli_w leaves C1 controls and bidi overrides raw; \uXXXX is a valid TOML escape too.
    return t.toml_safe(tomli_w.dumps({"programs": entries}))


# ---- vocabularies --------------------------------------------------------------------------


def vocabulary_output(
    header: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: Format, headers: bool = True
) -> str:
    records = [dict(zip(header, row, strict=True)) for row in rows]
    if fmt is Format.JSON:
        return to_json(records)
    if fmt is Format.JSONL:
        return to_jsonl(records)
    if fmt is Format.MARKDOWN:
        return to_markdown_table(list(header), [[t.markdown(cell(v)) for v in row] for row in rows])
    return to_delimited(header, rows, fmt=fmt, headers=headers)
