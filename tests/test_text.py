"""text.py: strings from data files made inert for each output, and still the same text."""

from __future__ import annotations

import json
import tomllib

import pytest
import tomli_w
from conftest import FORBIDDEN
from fuzzing import FUZZ_MANY
from hypothesis import given
from hypothesis import strategies as st

from hcai_path import text

hostile_text = st.text(
    st.characters(blacklist_categories=["Cs"])
    | st.sampled_from(["\x1b", "\x9b", "\r", "\n", "\t", "\u202e", "\u2066", "[", "]", "=", "\\"]),
    min_size=1,
    max_size=60,
)


@pytest.mark.parametrize(
    ("value", "inert", "tsv"),
    [
        ("plain [bold] text", "plain [bold] text", "plain [bold] text"),
        ("a\x1b[31mb", "a\\x1b[31mb", "a\\x1b[31mb"),
        ("tab\there\nnl\r", "tab\\there\\nnl\\r", "tab\\there\\nnl\\r"),
        ("back\\slash", "back\\slash", "back\\\\slash"),
        ("\x9b2J \x7f \x00", "\\x9b2J \\x7f \\x00", "\\x9b2J \\x7f \\x00"),
        ("bidi\u202eabc\u2066", "bidi\\u202eabc\\u2066", "bidi\\u202eabc\\u2066"),
        ("tag\U000e0041", "tag\\U000e0041", "tag\\U000e0041"),
        ("zwj \U0001f469\u200d\u2695 é 医", "zwj \U0001f469\u200d\u2695 é 医",
         "zwj \U0001f469\u200d\u2695 é 医"),
    ],
)  # fmt: skip
def test_inert_and_tsv_cell(value: str, inert: str, tsv: str) -> None:
    assert text.inert(value) == inert
    assert text.tsv_cell(value) == tsv


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\uff1d1", "'\uff1d1"),
        ("\tx", "\\tx"),  # escaped first: no longer a leading tab
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_cell_neutralizes_formulas(value: str, cell: str) -> None:
    assert text.csv_cell(value) == cell


def test_markdown_escapes_what_markdown_would_act_on() -> None:
    assert text.markdown("[x](javascript:1) *a* _b_ `c` <b> | ~d~ &amp;") == (
        "\\[x\\](javascript:1) \\*a\\* \\_b\\_ \\`c\\` \\<b\\> \\| \\~d\\~ \\&amp;"
    )
    assert text.markdown("a\x1bb\\") == "a\\\\x1bb\\\\"


def test_json_and_toml_safe_keep_the_value() -> None:
    value = "a\x1bb\x9bc\u202ed\u2028e\U000e0041"
    dumped = text.json_safe(json.dumps(value, ensure_ascii=False))
    assert dumped == '"a\\u001bb\\u009bc\\u202ed\\u2028e\\udb40\\udc41"'
    assert json.loads(dumped) == value
    toml = text.toml_safe(tomli_w.dumps({"v": value}))
    assert FORBIDDEN.search(toml) is None
    assert tomllib.loads(toml)["v"] == value


@FUZZ_MANY
@given(hostile_text)
def test_every_helper_leaves_nothing_raw(value: str) -> None:
    for escape in (text.inert, text.tsv_cell, text.csv_cell, text.markdown):
        assert FORBIDDEN.search(escape(value).replace("\n", "").replace("\t", "")) is None
    assert "\n" not in text.tsv_cell(value) and "\t" not in text.tsv_cell(value)
    assert not text.csv_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert json.loads(text.json_safe(json.dumps(value, ensure_ascii=False))) == value
    assert tomllib.loads(text.toml_safe(tomli_w.dumps({"v": value})))["v"] == value
