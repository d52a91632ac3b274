"""JSON and JSON Lines: the contract's objects, written fast and safe for terminals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hcai_path.models import Program, program_record
from hcai_path.render import Context, Format, Formatter, Output

if TYPE_CHECKING:
    from hcai_path.models import Pathway


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
    """`text.json_safe`, skipped on pure ASCII text without DEL (the usual case, checked fast)."""
    if text.isascii() and "\x7f" not in text:
        return text
    from hcai_path.text import json_safe

    return json_safe(text)


def programs_json(
    programs: Sequence[Program], today: dt.date, *, chunk: int = 500
) -> Iterator[str]:
    """`to_json([program_record(p, today) for p in programs])`, in pieces to write as they come:
    a 10,000-program list never sits in memory whole, as records or as text."""
    if not programs:
        yield "[]\n"
        return
    lead = "[\n  "
    for start in range(0, len(programs), chunk):
        part = programs[start : start + chunk]
        records = [program_record(p, today) for p in part]
        try:
            body = ",\n  ".join([_indented_json(r, "\n  ") for r in records])
        except _NotPlainJson:  # not what validation lets through: the slow way
            import json

            text = json.dumps(records, ensure_ascii=False, indent=2)
            body = text[len("[\n  ") : -len("\n]")]
        yield _safe(lead + body)
        lead = ",\n  "
    yield "\n]\n"


def to_jsonl(records: Sequence[Any]) -> str:
    import json

    from hcai_path.text import json_safe

    return "".join(
        json_safe(json.dumps(r, ensure_ascii=False, separators=(",", ":"))) + "\n" for r in records
    )


def pathway_record(pathway: Pathway, *, today: dt.date) -> dict[str, Any]:
    """The contract's JSON object for `recommend`."""
    record: dict[str, Any] = _pathway_plain(pathway, today)
    return record


def _pathway_plain(value: Any, today: dt.date) -> Any:
    """Result tuples as JSON-ready values; programs as the contract's object."""
    if isinstance(value, Program):
        return program_record(value, today)
    fields = getattr(value, "_fields", None)
    if fields is not None:  # the engine's NamedTuples
        return {name: _pathway_plain(getattr(value, name), today) for name in fields}
    if isinstance(value, list | tuple):
        return [_pathway_plain(v, today) for v in value]
    if isinstance(value, dict):
        return {k: _pathway_plain(v, today) for k, v in value.items()}
    return value


class JsonFormatter(Formatter):
    format = Format.JSON

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        return programs_json(programs, ctx.today)

    def program(self, program: Program, ctx: Context) -> Output:
        return to_json(program_record(program, ctx.today))

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        return to_json([program_record(p, ctx.today) for p in programs])

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        return to_json(pathway_record(pathway, today=ctx.today))

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        return to_json([dict(zip(header, row, strict=True)) for row in rows])

    def record(self, record: Mapping[str, Any], ctx: Context) -> Output:
        return to_json(dict(record))


class JsonLinesFormatter(Formatter):
    format = Format.JSONL

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        return to_jsonl([program_record(p, ctx.today) for p in programs])

    def program(self, program: Program, ctx: Context) -> Output:
        return self.programs([program], ctx)

    def compare(self, programs: Sequence[Program], ctx: Context) -> Output:
        return self.programs(programs, ctx)

    def pathway(self, pathway: Pathway, ctx: Context) -> Output:
        return to_jsonl(pathway_record(pathway, today=ctx.today)["steps"])

    def records(self, header: Sequence[str], rows: Sequence[Sequence[Any]], ctx: Context) -> Output:
        return to_jsonl([dict(zip(header, row, strict=True)) for row in rows])

    def record(self, record: Mapping[str, Any], ctx: Context) -> Output:
        return to_jsonl([dict(record)])
