"""Where a problem in a data file is, and how to say it: lines, entries, fields, fix hints."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from hcai_path.errors import Problem
from hcai_path.limits import HTTPS_URL_PATTERN, ID_MAX, ID_PATTERN
from hcai_path.load.toml import lazy_pattern

# Longest key, id or value echoed back in a message; the rest is cut with "...".
MAX_ECHO = 60

_ID = lazy_pattern(ID_PATTERN)


def table_lines(text: str, table: str) -> list[int]:
    """Line numbers (1-based) of each `[[table]]` header, in order."""
    header = re.compile(
        r"^[ \t]*\[\[[ \t]*(?:" + re.escape(table) + r'|"' + re.escape(table) + r'")[ \t]*\]\]',
        re.MULTILINE,
    )
    found: list[int] = []
    line, pos = 1, 0
    for m in header.finditer(text):  # count newlines incrementally: linear, not quadratic
        line += text.count("\n", pos, m.start())
        pos = m.start()
        found.append(line)
    return found


def entry_label(entry: Any, index: int) -> str:
    """How a message names an entry: its id when it is a well-formed one, else `#position`."""
    if isinstance(entry, Mapping):
        ident = entry.get("id")
        if isinstance(ident, str) and len(ident) <= ID_MAX and _ID.fullmatch(ident):
            return ident
    return f"#{index + 1}"


class Locator:
    """Finds the line and column of a key inside the `index`-th `[[table]]` entry of a file."""

    def __init__(self, text: str | None, lines: Mapping[str, list[int]], raw: Mapping[str, Any]):
        self._text = text
        self._text_lines: list[str] | None = None  # split on the first lookup only
        self._lines: dict[str, list[int]] = {}
        for table, found in lines.items():
            entries = raw.get(table)
            # A header inside a multi-line string would shift every line after it:
            # no line at all is better than a wrong one.
            if isinstance(entries, list) and len(found) == len(entries):
                self._lines[table] = list(found)

    def entry_line(self, table: str, index: int) -> int | None:
        found = self._lines.get(table, [])
        return found[index] if 0 <= index < len(found) else None

    def field(self, table: str, index: int, field: str) -> tuple[int | None, int | None]:
        """(line, column) of `field` (dotted for a subtable) in the entry, else of the entry."""
        start = self.entry_line(table, index)
        if start is None or self._text is None or not field:
            return start, None
        if self._text_lines is None:
            self._text_lines = self._text.split("\n")
        found = self._lines[table]
        end = found[index + 1] - 1 if index + 1 < len(found) else len(self._text_lines)
        block = self._text_lines[start:end]
        parts = field.split(".")
        names = [p for p in parts if not p.isdigit()]
        if not names:
            return start, None
        head = names[0]
        offset = 0
        if len(names) > 1:
            sub = re.compile(
                r"^[ \t]*\[[ \t]*"
                + re.escape(table)
                + r"[ \t]*\.[ \t]*"
                + re.escape(head)
                + r"[ \t]*\]"
            )
            for i, text_line in enumerate(block):
                if sub.match(text_line):
                    offset = i + 1
                    head = names[1]
                    break
        key = re.compile(
            r"^([ \t]*)(?:" + re.escape(head) + r'|"' + re.escape(head) + r'")[ \t]*[=.]'
        )
        for i in range(offset, len(block)):
            m = key.match(block[i])
            if m:
                return start + 1 + i, len(m.group(1)) + 1
        return start, None


def problems_from_validation(
    errors: Sequence[Mapping[str, Any]],
    *,
    path: str,
    raw: Mapping[str, Any],
    lines: Mapping[str, list[int]],
    text: str | None = None,
    plain_tables: Sequence[str] = (),
) -> list[Problem]:
    """Turn pydantic's error list into problems naming the entry, field and line.

    An entry of a table in `plain_tables` is named by its id alone (the catalog's programs);
    others as `table[id]` (the rule set's roles, goals...). With `text`, the line and column
    are those of the key itself, else of the entry's `[[table]]` header.
    """
    where = Locator(text, lines, raw)
    problems: list[Problem] = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        message = friendly(err)
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            table, index = loc[0], loc[1]
            entries = raw.get(table)
            entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
            field = cut(".".join(str(part) for part in loc[2:]), MAX_ECHO) or None
            line, column = where.field(table, index, field or "")
            label = entry_label(entry, index)
            problems.append(
                Problem(
                    path,
                    message,
                    line=line,
                    column=column,
                    entry=label if table in plain_tables else f"{table}[{label}]",
                    field=field,
                )
            )
        else:
            field = cut(".".join(str(part) for part in loc), MAX_ECHO) or None
            problems.append(Problem(path, message, field=field))
    return problems


_PATTERN_WORDS = {
    ID_PATTERN: "must be lowercase letters and digits joined by hyphens, like 'my-id'",
    HTTPS_URL_PATTERN: "must be an https:// URL of plain characters",
    r"^[A-Z]{2}$": "must be an ISO 3166-1 alpha-2 country code in capitals, like 'GB'",
    r"^[a-z]{2}$": "must be an ISO 639-1 language code in lowercase, like 'en'",
    r"^[A-Z]{3}$": "must be an ISO 4217 currency code in capitals, like 'EUR'",
}


def friendly(err: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence that says what is wrong and how to fix it."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    got = f"; got {short(err.get('input'))}"
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling (the keys are in docs/data-format.md)"
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{got}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        if isinstance(err.get("input"), str):
            return f"must be a number, not text; remove the quotes{got}"
        if kind == "int_from_float" or isinstance(err.get("input"), float):
            return f"must be a whole number{got}"
        return f"must be a number{got}"
    if kind == "finite_number":
        return f"must be a finite number{got}"
    if kind == "greater_than":  # a count of units or terms: 0 is not one
        return f"must be more than {_number(ctx.get('gt'))}{got}"
    if kind == "greater_than_equal":
        return f"must be at least {_number(ctx.get('ge'))}{got}"
    if kind in ("less_than_equal", "less_than"):
        limit = _number(ctx.get("le", ctx.get("lt")))
        return f"must be at most {limit}{got}; check the unit and the digits"
    if kind == "string_type":
        return f'must be text in "quotes"{got}'
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return f"{_PATTERN_WORDS.get(str(ctx.get('pattern')), 'has the wrong form')}{got}"
    if kind == "list_type":
        return f'must be a list, like ["a", "b"]{got}'
    if kind == "too_short":
        return "must list at least one value"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a table of key = value pairs{got}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(err.get("input"), str):
            return f"must be a date written without quotes, like 2025-01-31{got}"
        return f"must be a date like 2025-01-31{got}"
    if kind == "bool_type":
        return f"must be true or false{got}"
    message = str(err.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{message}{got}"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def short(value: Any) -> str:
    """A value from a file, quoted and cut to MAX_ECHO characters."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    try:
        text = repr(value)
    except RecursionError:
        text = f"a deeply nested {type(value).__name__}"
    return cut(text, MAX_ECHO)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
