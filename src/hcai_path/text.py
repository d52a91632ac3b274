"""Making strings from data files inert: no control sequence, bidi override or formula acts."""

from __future__ import annotations

import re

# Invisible format characters that reorder or hide text: bidi marks, embeddings, overrides
# and isolates, the zero-width space, line and paragraph separators, the BOM, interlinear
# annotations and the tag characters (which can smuggle hidden text). The zero-width joiner
# and non-joiner (U+200C, U+200D) stay: emoji sequences and several scripts need them.
_INVISIBLE = (
    r"\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    r"\U000e0000-\U000e007f"
)
# ... and C0 and C1 controls and DEL, which terminals act on.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f" + _INVISIBLE + "]")
_TSV_UNSAFE = re.compile(r"[\\\x00-\x1f\x7f-\x9f" + _INVISIBLE + "]")
_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What a spreadsheet runs as a formula (with the full-width forms some of them accept).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f" + _INVISIBLE + "]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells a character past U+FFFF as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text whose raw characters cannot act on a terminal (json escapes C0 itself).

    Only for text that `json.dumps` made: the characters replaced can only occur in strings.
    """
    return _JSON_UNSAFE.sub(_json_escape, text)


def toml_safe(text: str) -> str:
    """TOML text (basic strings only, as tomli_w writes) with the same characters escaped."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return _UNSAFE.sub(lambda m: escape(m) if m.group() not in "\t\n" else m.group(), text)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def markdown(value: str) -> str:
    """Markdown-escaped text: shown literally, never a link, image, HTML or table break."""
    return _MD_SPECIAL.sub(r"\\\1", inert(value))
