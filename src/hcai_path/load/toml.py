"""Reading TOML data files into plain data, with problems located by file, line and column.

Every data file is untrusted input: whatever its bytes, these functions return data or raise
`DataFileError` (or `UsageError` for a bad path named on the command line), never anything else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any, cast

from hcai_path.errors import DataFileError, Problem, UsageError


class _LazyPattern:
    """A regular expression compiled on first use: most runs (a cached catalog) use none of
    this module's patterns, and compiling them all cost every start-up 1.5 ms."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# Ten times the largest plausible catalog: past this a file is a mistake, not a catalog.
# Read at call time, so tests may lower it.
MAX_FILE_BYTES = 256 * 1024 * 1024

_TOML_POSITION = lazy_pattern(r"\(at line (\d+), column (\d+)\)")

_PATH_HINTS = {
    "catalog": "check the path given with --catalog or HCAI_PATH_CATALOG",
    "rules": "check the path given with --rules or HCAI_PATH_RULES",
    "profile": "fix or delete it ('hcai-path profile clear'), then save it again",
}


def read_bytes(path: str, *, what: str, from_command_line: bool) -> bytes:
    """Read a data file; a missing path named on the command line is a usage error."""
    bad_path = UsageError if from_command_line else DataFileError
    hint = _PATH_HINTS.get(what, "check the path")
    cap = MAX_FILE_BYTES
    try:
        if os.path.isdir(path):
            raise _path_error(bad_path, path, f"is a directory, not a {what} file; {hint}")
        # Bounded read: /dev/zero, a FIFO or a file that grows must not exhaust memory.
        with open(path, "rb") as f:
            data = f.read(cap + 1)
    except FileNotFoundError:
        raise _path_error(bad_path, path, f"no such {what} file; {hint}") from None
    except IsADirectoryError:
        raise _path_error(bad_path, path, f"is a directory, not a {what} file; {hint}") from None
    except PermissionError:
        raise _path_error(
            bad_path, path, f"cannot read the {what} file: permission denied; {hint}"
        ) from None
    except OSError as e:
        raise _path_error(
            bad_path, path, f"cannot read the {what} file: {e.strerror or e}; {hint}"
        ) from None
    except ValueError:  # a NUL byte in the path
        raise _path_error(bad_path, path, f"is not a valid file name; {hint}") from None
    if len(data) > cap:
        raise DataFileError(
            [
                Problem(
                    path,
                    f"is larger than {cap} bytes, the most a {what} file may hold; "
                    "check that this is the right file, or split it",
                )
            ]
        )
    return data


def _path_error(kind: type[UsageError] | type[DataFileError], path: str, message: str) -> Exception:
    if kind is UsageError:
        return UsageError(f"{path}: {message}")
    return DataFileError([Problem(path, message)])


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_utf16(head: bytes) -> bool:
    """ASCII text saved as UTF-16 without a byte-order mark: every other byte is zero."""
    if len(head) < 4:
        return False
    zeros = [b == 0 for b in head]
    return zeros in ([False, True, False, True], [True, False, True, False])


def decode_text(data: bytes, path: str) -> str:
    """The file as text: UTF-8, with a leading byte-order mark (as Notepad writes) allowed."""
    if data.startswith(_UTF16_BOMS) or _looks_utf16(data[:4]):
        raise DataFileError(
            [Problem(path, "looks like UTF-16 text; save it as UTF-8", line=1, column=1)]
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        line_start = data.rfind(b"\n", 0, e.start) + 1
        # Columns count characters, as editors do: decode the valid part of the line.
        column = len(data[line_start : e.start].decode("utf-8", "replace")) + 1
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


# tomllib's message (without its position) -> how to fix it.
_TOML_HINTS: tuple[tuple[str, str], ...] = (
    (
        "Invalid date or datetime",
        "a date is YYYY-MM-DD and must exist on the calendar (2025-02-30 does not)",
    ),
    (
        "Invalid value",
        'a value is a "quoted string", a number, true/false, a date (YYYY-MM-DD), '
        "a [list] or an {inline table}",
    ),
    ("Expected '=' after a key", 'each line is key = value; put text values in "quotes"'),
    ("Invalid statement", "a line is key = value, a [table] or a [[programs]] header"),
    ("Unterminated string", "close the string with the same quote on the same line"),
    ("a string is not closed", "close it with the same quote, or use triple quotes"),
    ("Unclosed array", "close the list with ']' and separate its items with commas"),
    ("Unclosed inline table", "close the {inline table} with '}' on the same line"),
    ("Cannot declare", "a table is declared twice; each [[programs]] entry needs its own header"),
    ("Cannot overwrite a value", "a key is given twice; keep one of them"),
    ("Cannot mutate", "a key is given twice; keep one of them"),
    ("Cannot redefine", "a key is given twice; keep one of them"),
    ("Duplicate inline table key", "a key is given twice; keep one of them"),
    ("Illegal character", "write control characters as escapes, such as \\t or \\u001b"),
    ("Unescaped '\\'", "write a backslash as \\\\, or use a 'literal string'"),
    ("Invalid hex value", "\\u takes 4 hex digits and \\U takes 8"),
    ("Escaped character", "\\u and \\U must name a valid Unicode character"),
    ("Invalid initial character for a key", "quote keys that are not letters, digits, - or _"),
    ("Expected ']'", "close the [table] header with ']'"),
    ("Expected ']]'", "close the [[table]] header with ']]'"),
    ("Expected newline or end of document", "put each key = value on its own line"),
)


# tomllib takes time quadratic in the number of parts of a dotted key (a 40 kB key of 20,000
# parts takes seconds): refuse such keys before parsing. A run of that many dot-separated
# words can only be a key; the pattern costs a few milliseconds per megabyte.
MAX_KEY_PARTS = 100
_DOTTED_KEY = lazy_pattern(
    r"\.(?:[ \t]*[A-Za-z0-9_\"'-]+[ \t]*\.){%d}" % (MAX_KEY_PARTS - 1)  # noqa: UP031
)


# rtoml (compiled) parses TOML 1.1, a superset of the TOML 1.0 that tomllib reads: inline tables
# over several lines or with a trailing comma, the \e and \x escapes, times without seconds.
# It is used only on text that cannot hold any of these (the check is conservative: a false
# alarm costs speed, never a different answer), and only when it accepts the text; anything it
# rejects goes to tomllib, whose messages the rest of hcai-path knows.
_TOML11_ESCAPE = lazy_pattern(r"\\[ex]")
_ONE_LINE_TABLE = lazy_pattern(r"[ \t]*[A-Za-z0-9_.\-]+[ \t]*=[ \t]*\{[^#\n]*\}[ \t]*\r?")
_TRAILING_COMMA = lazy_pattern(r",[ \t]*\}")
_SHORT_TIME = lazy_pattern(
    r"(?:^|[=\[,{])[ \t]*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ])?[0-9]{2}:[0-9]{2}(?!:[0-9]{2})",
    re.MULTILINE,
)
_DIGITS = frozenset("0123456789")


def _balanced(line: str) -> bool:
    """Whether the braces of a line nest and close on it (inline tables within inline tables,
    which TOML 1.0 allows on one line); a brace in a string makes it unsure (False)."""
    if '"' in line.split("=", 1)[1] and ("{" in _strings_of(line) or "}" in _strings_of(line)):
        return False
    depth = 0
    for char in line:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _strings_of(line: str) -> str:
    """The text inside the double-quoted strings of a line (escapes not decoded)."""
    return "".join(line.split('"')[1::2])


def _maybe_toml11(text: str) -> bool:
    """Whether the text may use TOML 1.1 syntax (True when unsure).

    Scans run over the few colons and braces with `str.find`: a regex tried at every
    position of a 10 MB file costs half a second.
    """
    if _TOML11_ESCAPE.search(text):
        return True
    at = text.find(":")
    while at != -1:
        if text[at - 2 : at].isdigit() and set(text[at - 2 : at + 3]) - {":"} <= _DIGITS:
            line_start = text.rfind("\n", 0, at) + 1
            if _SHORT_TIME.search(text, line_start, at + 6):
                return True
        at = text.find(":", at + 1)
    # Every line with a brace must be one whole inline table without a comment.
    checked = -1
    for brace in "{}":
        at = text.find(brace)
        while at != -1:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line_end = len(text) if line_end == -1 else line_end
            if line_start != checked:
                line = text[line_start:line_end]
                if not _ONE_LINE_TABLE.fullmatch(line) or _TRAILING_COMMA.search(line):
                    return True
                if not _balanced(line):
                    return True
                checked = line_start
            at = text.find(brace, line_end)
    return False


class NotFast(Exception):
    """The fast parser is not sure of this file: read it with `parse_toml` instead."""


FAST_MIN_CHARS = 200_000  # below this, importing rtoml costs more than it saves
PIECE_ENTRIES = 250
_PIECE_HEADER = "\n[[programs]]"


def split_toml(text: str, path: str) -> list[str]:
    """The file cut into pieces for `parse_toml_pieces`, each a TOML document whose `programs`
    list, joined to the others', is the file's.

    A large file is cut before every PIECE_ENTRIES-th line that is exactly `[[programs]]`
    (files with multi-line strings, where such a line may be text, are not cut), so that only
    one piece's tables are in memory at a time. Raises NotFast when the file may need tomllib
    (TOML 1.1 syntax, or a large file without rtoml).
    """
    _check_plausible(text, path)
    if len(text) < FAST_MIN_CHARS:
        return [text]
    if _maybe_toml11(text):
        raise NotFast
    try:
        import rtoml  # noqa: F401 - only to know that it is there
    except ImportError:
        raise NotFast from None
    cuts = [0]
    if '"""' not in text and "'''" not in text:
        count = 0
        at = text.find(_PIECE_HEADER)
        while at != -1:
            end = at + len(_PIECE_HEADER)
            if text[end : end + 1] in ("\n", "") or text[end : end + 2] == "\r\n":
                count += 1
                if count % PIECE_ENTRIES == 0:
                    cuts.append(at + 1)
            at = text.find(_PIECE_HEADER, end)
    cuts.append(len(text))
    return [text[start:stop] for start, stop in zip(cuts, cuts[1:], strict=False)]


def parse_toml_pieces(pieces: list[str], path: str) -> Iterator[dict[str, Any]]:
    """The documents of `split_toml`'s pieces, emptying the list as it goes (so that each
    piece's text is freed once parsed): small files by tomllib, large ones by rtoml. Raises
    NotFast, possibly after some pieces, when rtoml is unsure or says no (then `parse_toml`
    gives tomllib's data or its located message).
    """
    if len(pieces) == 1 and len(pieces[0]) < FAST_MIN_CHARS:
        yield parse_toml(pieces.pop(), path)
        return
    import rtoml

    pieces.reverse()
    while pieces:
        piece = pieces.pop()
        try:
            data = rtoml.loads(piece)
        except Exception:  # noqa: BLE001 - tomllib will say what is wrong
            raise NotFast from None
        del piece
        if not isinstance(data, dict):
            raise NotFast
        yield data


def _check_plausible(text: str, path: str) -> None:
    if not text.strip():
        raise DataFileError(
            [Problem(path, "is empty; expected TOML data (the layout is in docs/data-format.md)")]
        )
    deep = _DOTTED_KEY.search(text)
    if deep is not None:
        at = deep.start()
        raise DataFileError(
            [
                Problem(
                    path,
                    f"is not a plausible data file: a key of over {MAX_KEY_PARTS} dotted parts "
                    "(no hcai-path file needs more than 3)",
                    line=text.count("\n", 0, at) + 1,
                    column=at - (text.rfind("\n", 0, at) + 1) + 1,
                )
            ]
        )


def parse_toml(text: str, path: str) -> dict[str, Any]:
    import tomllib

    _check_plausible(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        match = _TOML_POSITION.search(message)
        line: int | None = None
        column: int | None = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].rstrip()
        from hcai_path.load.problems import cut

        message = cut(message, 200)
        if message.startswith("Illegal character '\\n'"):  # a string left open
            message = "a string is not closed before the end of the line"
        hint = next((h for start, h in _TOML_HINTS if message.startswith(start)), "")
        hint = f"; {hint}" if hint else "; see https://toml.io for the syntax"
        raise DataFileError(
            [Problem(path, f"is not valid TOML: {message}{hint}", line=line, column=column)]
        ) from None
    except RecursionError:
        raise DataFileError(
            [Problem(path, "is not valid TOML: lists or tables nested too deeply")]
        ) from None
