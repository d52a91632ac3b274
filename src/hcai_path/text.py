"""Making strings from data files inert: no control sequence, bidi override or formula acts."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_TSV_UNSAFE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(value: str) -> str:
    """For humans (tables, markdown): control and bidi characters shown as escapes."""
    return _UNSAFE.sub(_escape, value)


def tsv_cell(value: str) -> str:
    """For tsv (and csv): backslash, tab, newline and other controls escaped."""
    return _TSV_UNSAFE.sub(_escape, value)


def csv_cell(value: str) -> str:
    """For csv: escaped like tsv, and a cell a spreadsheet would run as a formula made text."""
    value = tsv_cell(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_safe(text: str) -> str:
    """JSON text whose raw characters cannot act on a terminal (json escapes C0 itself)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def markdown(value: str) -> str:
    """Markdown-escaped text: shown literally, never a link, image, HTML or table break."""
    return _MD_SPECIAL.sub(r"\\\1", inert(value))
