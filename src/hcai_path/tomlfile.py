"""Reading TOML data files into plain data, with problems located by file, line and column."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from hcai_path.errors import DataFileError, Problem, UsageError

# Ten times the largest plausible catalog: past this a file is a mistake, not a catalog.
MAX_FILE_BYTES = 256 * 1024 * 1024

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_bytes(path: str, *, what: str, from_command_line: bool) -> bytes:
    """Read a data file; a missing path named on the command line is a usage error."""
    bad_path = UsageError if from_command_line else DataFileError
    try:
        if os.path.isdir(path):
            raise _path_error(bad_path, path, f"is a directory, not a {what} file")
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise DataFileError(
                [Problem(path, f"is {size} bytes; a {what} file may be at most {MAX_FILE_BYTES}")]
            )
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise _path_error(bad_path, path, f"no such {what} file") from None
    except PermissionError:
        raise _path_error(bad_path, path, f"cannot read the {what} file: permission denied") from None
    except OSError as e:
        raise _path_error(bad_path, path, f"cannot read the {what} file: {e.strerror}") from None


def _path_error(kind: type[UsageError] | type[DataFileError], path: str, message: str) -> Exception:
    if kind is UsageError:
        return UsageError(f"{path}: {message}")
    return DataFileError([Problem(path, message)])


def decode_text(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataFileError(
            [
                Problem(
                    path,
                    f"is not UTF-8 text (byte 0x{data[e.start]:02x}); save it as UTF-8",
                    line=line,
                    column=column,
                )
            ]
        ) from None


def parse_toml(text: str, path: str) -> dict[str, Any]:
    import tomllib

    if not text.strip():
        raise DataFileError([Problem(path, "is empty; expected TOML data")])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].rstrip()
        raise DataFileError(
            [Problem(path, f"is not valid TOML: {message}", line=line, column=column)]
        ) from None
    except RecursionError:
        raise DataFileError([Problem(path, "is not valid TOML: nested too deeply")]) from None


def table_lines(text: str, table: str) -> list[int]:
    """Line numbers (1-based) of each `[[table]]` header, in order."""
    header = re.compile(r"^[ \t]*\[\[[ \t]*" + re.escape(table) + r"[ \t]*\]\]", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in header.finditer(text)]


def entry_label(entry: Any, index: int) -> str:
    if isinstance(entry, Mapping):
        ident = entry.get("id")
        if isinstance(ident, str) and ident:
            return ident
    return f"#{index + 1}"


def problems_from_validation(
    errors: Sequence[Mapping[str, Any]],
    *,
    path: str,
    raw: Mapping[str, Any],
    lines: Mapping[str, list[int]],
) -> list[Problem]:
    """Turn pydantic's error list into problems naming the entry, field and line."""
    problems: list[Problem] = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        message = _friendly(err)
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            table, index = loc[0], loc[1]
            entries = raw.get(table)
            entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
            table_line = lines.get(table, [])
            field = ".".join(str(part) for part in loc[2:]) or None
            problems.append(
                Problem(
                    path,
                    message,
                    line=table_line[index] if index < len(table_line) else None,
                    entry=f"{table}[{entry_label(entry, index)}]",
                    field=field,
                )
            )
        else:
            field = ".".join(str(part) for part in loc) or None
            problems.append(Problem(path, message, field=field))
    return problems


def _friendly(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if kind == "missing":
        return "is required but missing"
    if kind == "literal_error":
        ctx = err.get("ctx") or {}
        expected = ctx.get("expected", "")
        return f"must be one of {expected}; got {_short(err.get('input'))}"
    return f"{err.get('msg', 'is invalid')}; got {_short(err.get('input'))}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
