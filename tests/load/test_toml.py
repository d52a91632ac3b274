"""load/toml.py: reading, decoding and parsing data files, and the fast piecewise parser.

Whatever the bytes, `read_bytes`, `decode_text` and `parse_toml` return data or raise
DataFileError (UsageError for a bad path named on the command line), with the file, line and
column; the rtoml pieces give exactly tomllib's data, or NotFast.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from hcai_path.errors import DataFileError, Problem, UsageError
from hcai_path.load import toml as t

sys.path.insert(0, str(REPO / "benchmarks"))
import make_catalog  # noqa: E402

SHIPPED_TEXT = (REPO / "data" / "programs.toml").read_text(encoding="utf-8")


def one_problem(call: Any, *args: Any, **kwargs: Any) -> Problem:
    with pytest.raises(DataFileError) as caught:
        call(*args, **kwargs)
    [problem] = caught.value.problems
    assert caught.value.exit_code == 3
    return problem


# ---- read_bytes --------------------------------------------------------------------------------


def test_read_bytes_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"x = 1\n")
    assert t.read_bytes(str(path), what="catalog", from_command_line=True) == b"x = 1\n"


@pytest.mark.parametrize(
    ("what", "hint"),
    [
        ("catalog", "check the path given with --catalog or HCAI_PATH_CATALOG"),
        ("rules", "check the path given with --rules or HCAI_PATH_RULES"),
        ("profile", "fix or delete it ('hcai-path profile clear'), then save it again"),
        ("data", "check the path"),
    ],
)
def test_missing_file(tmp_path: Path, what: str, hint: str) -> None:
    """Named on the command line: a usage error (2); found otherwise: a data error (3)."""
    missing = str(tmp_path / "nope.toml")
    with pytest.raises(UsageError) as caught:
        t.read_bytes(missing, what=what, from_command_line=True)
    assert str(caught.value) == f"{missing}: no such {what} file; {hint}"
    problem = one_problem(t.read_bytes, missing, what=what, from_command_line=False)
    assert str(problem) == f"{missing}: no such {what} file; {hint}"


def test_directory_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory, not a catalog file"):
        t.read_bytes(str(tmp_path), what="catalog", from_command_line=True)
    problem = one_problem(t.read_bytes, "a\x00b", what="rules", from_command_line=False)
    assert "is not a valid file name" in problem.message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"x = 1\n")
    path.chmod(0)
    try:
        with pytest.raises(UsageError, match="permission denied"):
            t.read_bytes(str(path), what="catalog", from_command_line=True)
    finally:
        path.chmod(0o644)


def test_file_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap is read at call time (so tests can lower it); one byte over is refused."""
    monkeypatch.setattr(t, "MAX_FILE_BYTES", 10)
    path = tmp_path / "c.toml"
    path.write_bytes(b"x" * 10)
    assert t.read_bytes(str(path), what="catalog", from_command_line=True) == b"x" * 10
    path.write_bytes(b"x" * 11)
    problem = one_problem(t.read_bytes, str(path), what="catalog", from_command_line=True)
    assert problem.message.startswith("is larger than 10 bytes, the most a catalog file may hold")


def test_endless_file_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    monkeypatch.setattr(t, "MAX_FILE_BYTES", 1 << 16)
    problem = one_problem(t.read_bytes, "/dev/zero", what="catalog", from_command_line=True)
    assert "larger than 65536 bytes" in problem.message


# ---- decode_text ------------------------------------------------------------------------------


def test_decode_utf8_with_or_without_a_bom() -> None:
    assert t.decode_text("é = 1\n".encode(), "f") == "é = 1\n"
    assert t.decode_text(b"\xef\xbb\xbfx = 1\n", "f") == "x = 1\n"


@pytest.mark.parametrize("data", ["x = 1\n".encode("utf-16"), "x = 1\n".encode("utf-16-le")])
def test_decode_refuses_utf16(data: bytes) -> None:
    problem = one_problem(t.decode_text, data, "f.toml")
    assert (problem.line, problem.column) == (1, 1)
    assert "looks like UTF-16 text; save it as UTF-8" in problem.message


def test_decode_locates_the_bad_byte_in_characters() -> None:
    """The column counts characters before the bad byte, as an editor does (é is one)."""
    problem = one_problem(t.decode_text, b'a = 1\nb = "\xc3\xa9\xff"\n', "f.toml")
    assert str(problem) == "f.toml:2:7: is not UTF-8 text (byte 0xff); save it as UTF-8"


# ---- parse_toml ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("just some words\n", (1, 6), "each line is key = value"),
        ("a = \n", (1, 5), 'a value is a "quoted string"'),
        ('a = "open\n', (1, 10), "a string is not closed before the end of the line"),
        ("a = 1\na = 2\n", (2, 6), "a key is given twice"),
        ("a = 2025-02-30\n", (1, 5), "2025-02-30 does not"),
        ("[[programs]\n", (1, 11), "close the [[table]] header with ']]'"),
        ('a = "\\q"\n', (1, 8), "write a backslash as \\\\, or use a 'literal string'"),
        ("a = 1\nb = [1, 2\n", (None, None), "close the list with ']'"),
    ],
)
def test_parse_errors_are_located_with_a_hint(
    text: str, where: tuple[int | None, int | None], words: str
) -> None:
    problem = one_problem(t.parse_toml, text, "f.toml")
    assert (problem.line, problem.column) == where
    assert problem.message.startswith("is not valid TOML: ")
    assert words in problem.message


@pytest.mark.parametrize(
    ("text", "words", "where"),
    [
        ("", "is empty", (None, None)),
        (" \n\t\n", "is empty", (None, None)),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply", (None, None)),
        ("k" + ".k" * 200 + " = 1\n", "a key of over 100 dotted parts", (1, 2)),
        ("a = 1\n[" + '"x".' * 200 + "a]\n", "a key of over 100 dotted parts", (2, 5)),
    ],
)
def test_implausible_files(text: str, words: str, where: tuple[int | None, int | None]) -> None:
    problem = one_problem(t.parse_toml, text, "f.toml")
    assert words in problem.message
    assert (problem.line, problem.column) == where


def test_a_key_of_100_parts_is_still_parsed() -> None:
    """The dotted-key guard stops at MAX_KEY_PARTS parts, not before."""
    assert t.parse_toml("k" + ".k" * 98 + " = 1\n", "f.toml")["k"]["k"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_any_bytes_give_data_or_a_located_problem(data: bytes) -> None:
    try:
        text = t.decode_text(data, "f.toml")
        parsed = t.parse_toml(text, "f.toml")
    except DataFileError as e:
        assert e.problems and all(p.path == "f.toml" for p in e.problems)
        return
    assert isinstance(parsed, dict)


def test_lazy_pattern_is_a_pattern() -> None:
    lazy = t.lazy_pattern(r"a(\d+)", re.IGNORECASE)
    assert lazy.search("xA12").group(1) == "12"  # type: ignore[union-attr]
    assert lazy.fullmatch("a1") is not None and lazy.fullmatch("b1") is None


# ---- split_toml and parse_toml_pieces: tomllib's data, or NotFast ---------------------------


def joined(text: str) -> dict[str, Any]:
    """The pieces' documents as one: their programs lists joined."""
    pieces = t.split_toml(text, "f.toml")
    docs = list(t.parse_toml_pieces(pieces, "f.toml"))
    assert pieces == []  # each piece's text is let go once parsed
    out: dict[str, Any] = {}
    for doc in docs:
        for key, value in doc.items():
            if key == "programs":
                out.setdefault("programs", []).extend(value)
            else:
                out[key] = value
    return out


TOML11_ONLY = [
    "a = {\n b = 1 }\n",
    "a = { b = 1, }\n",
    'a = "\\e"\n',
    'a = "\\x41"\n',
    "a = 07:32\n",
    "a = 1979-05-27T07:32\n",
    "a = 1979-05-27 07:32Z\n",
    "a = [\n  07:32 ]\n",
    'x = { a = "} #",\nk = { a = "} #", b = 2 } }\n',
]


@pytest.mark.parametrize("text", TOML11_ONLY)
def test_toml11_syntax_is_left_to_tomllib(text: str) -> None:
    assert t._maybe_toml11(text)
    padded = "# " + "x" * t.FAST_MIN_CHARS + "\n" + text  # large enough for rtoml
    with pytest.raises(t.NotFast):
        joined(padded)


def test_toml10_files_are_not_mistaken_for_toml11() -> None:
    assert not t._maybe_toml11(make_catalog.make(300))
    assert not t._maybe_toml11('a = { b = 1 }\nc = "07:32:00"\nd = 07:32:00\n')


def test_small_files_are_one_piece_for_tomllib() -> None:
    assert t.split_toml(SHIPPED_TEXT[:1000] + "\n", "f.toml") == [SHIPPED_TEXT[:1000] + "\n"]
    with pytest.raises(DataFileError, match="is empty"):
        t.split_toml("\n", "f.toml")


@pytest.mark.parametrize("piece", [3, 7, 500])
def test_pieces_join_to_tomllib(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(t, "PIECE_ENTRIES", piece)
    text = make_catalog.make(600)
    assert len(text) > t.FAST_MIN_CHARS
    assert len(t.split_toml(text, "f.toml")) == 1 + 600 // piece  # cut before every piece-th
    assert joined(text) == tomllib.loads(text)
    inline = text + '\n[[programs]]\nid = "x"\neligibility = { degrees = ["a"] }\n'
    assert joined(inline) == tomllib.loads(inline)
    quoted = re.sub(
        r'^name = "(.*)"$', r'name = """\1\n[[programs]]"""', text, count=1, flags=re.MULTILINE
    )  # a header-like line inside a string: not cut there
    assert '"""' in quoted
    assert joined(quoted) == tomllib.loads(quoted)


@pytest.mark.parametrize(
    "tail",
    [
        "a = 1\na = 2\n",
        "a = [[[\n",
        "a = 1e1000\n",
        "a = 99999999999999999999\n",
        'a = "\x01"\n',
        "[[programs]\n",
        "a = 2025-02-30\n",
        "[programs]\nx = 1\n",
    ],
)
def test_pieces_never_differ_from_tomllib(tail: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(t, "PIECE_ENTRIES", 5)
    text = make_catalog.make(600) + tail
    try:
        expected: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(t.NotFast):
            joined(text)
    else:
        try:
            assert joined(text) == expected
        except t.NotFast:
            pass


def test_nested_inline_tables_on_one_line_are_toml_10() -> None:
    """Eligibility routes written inline (tables in a table, one line) need no tomllib."""
    from hcai_path.load.toml import _maybe_toml11

    assert not _maybe_toml11('e = { routes = [ { roles = ["nurse"], min_years = 2 } ] }\n')
    assert _maybe_toml11("e = { a = 1, }\n")  # a trailing comma: TOML 1.1
    assert _maybe_toml11('e = { a = "}" }\n')  # a brace in a string: unsure
    assert _maybe_toml11("e = { a = 1 } # note\n")  # a comment after a table: unsure
