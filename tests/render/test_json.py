"""render/json.py: the contract's objects; the fast writer is `json.dumps`, byte for byte."""

from __future__ import annotations

import json
import re
from typing import Any

from conftest import RECORD_COLUMNS, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from hcai_path.models import program_record
from hcai_path.render import Context, Format, formatter
from hcai_path.render.json import _indented_json, programs_json, to_json, to_jsonl
from render.programs import COMPUTED, COST_NOTE, FRESH, ODD

CTX = Context(today=TODAY)


def test_to_json_exact() -> None:
    assert to_json([{"a": 1, "b": [None]}]) == (
        '[\n  {\n    "a": 1,\n    "b": [\n      null\n    ]\n  }\n]\n'
    )
    assert to_json([]) == "[]\n" and to_json({}) == "{}\n"


def test_to_json_falls_back_for_other_keys() -> None:
    value = {1: "x", "y": (1, 2)}
    assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_to_jsonl_exact() -> None:
    assert to_jsonl([{"a": 1}, {"b": "é"}]) == '{"a":1}\n{"b":"é"}\n'
    assert to_jsonl([]) == ""


def test_json_escapes_terminal_controls() -> None:
    """C0, C1 and bidi controls are escaped, and the JSON still decodes to the same text."""
    value = "a\x1bb\x9bc\u202ed\u2028e"
    unsafe = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2028]")
    for text in (to_json({"v": value}), to_jsonl([{"v": value}])):
        assert not unsafe.search(text)
        assert json.loads(text) == {"v": value}


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4))


plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(), _nested, max_leaves=25
)


@settings(max_examples=300, deadline=None)
@given(plain_json)
def test_indented_json_is_json_dumps(value: Any) -> None:
    assert _indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


odd_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(strings=st.lists(odd_text, min_size=4, max_size=4), chunk=st.integers(1, 3))
def test_programs_json_is_to_json_of_records(strings: list[str], chunk: int) -> None:
    first = FRESH._replace(
        name=strings[0], cost_note=strings[1], topics=(strings[2],), duration_months=1.5
    )
    programs = [first, ODD, COMPUTED, FRESH._replace(id="p4", status_note=strings[3])]
    expected = to_json([program_record(p, TODAY) for p in programs])
    assert "".join(programs_json(programs, TODAY, chunk=chunk)) == expected
    assert "".join(programs_json([], TODAY)) == to_json([])


def test_every_view() -> None:
    as_json = formatter(Format.JSON)
    records = json.loads("".join(as_json.programs([FRESH, COMPUTED], CTX)))
    assert [list(r) for r in records] == [list(RECORD_COLUMNS)] * 2
    assert records[1]["cost_note"] == COST_NOTE and records[1]["cost_estimated"] is True
    assert json.loads(str(as_json.program(ODD, CTX)))["eligibility"] == {
        "routes": [{"roles": ["nurse"], "degrees": ["nursing-bachelors"], "min_years": 2,
                    "note": "two years"}],
        "note": "",
    }  # fmt: skip
    assert [r["id"] for r in json.loads(str(as_json.compare([ODD, FRESH], CTX)))] == ["p2", "p1"]
    assert json.loads(str(as_json.records(["a", "b"], [[1, "x"]], CTX))) == [{"a": 1, "b": "x"}]
    assert json.loads(str(as_json.record({"role": "nurse"}, CTX))) == {"role": "nurse"}
    lines = formatter(Format.JSONL)
    assert [json.loads(x)["id"] for x in str(lines.programs([FRESH, ODD], CTX)).splitlines()] == [
        "p1",
        "p2",
    ]
    assert str(lines.program(FRESH, CTX)).count("\n") == 1
    assert json.loads(str(lines.record({"role": "nurse"}, CTX))) == {"role": "nurse"}
