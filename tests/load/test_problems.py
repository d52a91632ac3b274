"""load/problems.py: where a problem is (line, column, entry, field) and how it is said."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hcai_path.errors import Problem
from hcai_path.limits import HTTPS_URL_PATTERN, ID_PATTERN
from hcai_path.load.problems import (
    MAX_ECHO,
    Locator,
    cut,
    entry_label,
    friendly,
    problems_from_validation,
    short,
    table_lines,
)

TEXT = """\
# a comment
[[programs]]
id = "first"
name = "One"

[[programs]]
id = "second"
  cost_usd = -3
"name" = "Two"

[programs.eligibility]
min_years = 99
price.amount = 5

[[ "programs" ]]
id = "third"
price = { amount = 1 }
"""
RAW: dict[str, Any] = {
    "programs": [
        {"id": "first", "name": "One"},
        {"id": "second", "cost_usd": -3, "name": "Two", "eligibility": {"min_years": 99}},
        {"id": "third", "price": {"amount": 1}},
    ]
}


def test_table_lines() -> None:
    assert table_lines(TEXT, "programs") == [2, 6, 15]
    assert table_lines(TEXT, "roles") == []
    assert table_lines("[programs]\n[[programs.x]]\n", "programs") == []


@pytest.mark.parametrize(
    ("index", "field", "where"),
    [
        (0, "name", (4, 1)),
        (1, "cost_usd", (8, 3)),  # indented: the column of the key
        (1, "name", (9, 1)),  # a quoted key
        (1, "eligibility.min_years", (12, 1)),  # in its [programs.eligibility] table
        (1, "price.amount", (13, 1)),  # a dotted key
        (2, "price.amount", (17, 1)),  # an inline table: the line of its key
        (2, "colour", (15, None)),  # not in the file: the entry's header
        (0, "", (2, None)),
        (5, "name", (None, None)),  # no such entry
    ],
)
def test_locator_finds_the_key(index: int, field: str, where: tuple[int | None, ...]) -> None:
    assert (
        Locator(TEXT, {"programs": table_lines(TEXT, "programs")}, RAW).field(
            "programs", index, field
        )
        == where
    )


def test_locator_gives_no_line_rather_than_a_wrong_one() -> None:
    """A `[[programs]]` line inside a multi-line string would shift every entry: no lines."""
    text = '[[programs]]\nid = "a"\nnote = """\n[[programs]]\n"""\n[[programs]]\nid = "b"\n'
    raw = {"programs": [{"id": "a", "note": "[[programs]]\n"}, {"id": "b"}]}
    where = Locator(text, {"programs": table_lines(text, "programs")}, raw)
    assert where.entry_line("programs", 1) is None
    assert where.field("programs", 1, "id") == (None, None)


@pytest.mark.parametrize(
    ("entry", "label"),
    [
        ({"id": "good-id"}, "good-id"),
        ({"id": "Bad Id"}, "#3"),
        ({"id": "a" * 81}, "#3"),
        ({"id": 5}, "#3"),
        ({}, "#3"),
        ("not a table", "#3"),
    ],
)
def test_entry_label(entry: Any, label: str) -> None:
    assert entry_label(entry, 2) == label


def test_short_and_cut() -> None:
    assert short("abc") == "'abc'"
    assert short(dt.date(2025, 1, 2)) == "2025-01-02"
    assert short(dt.datetime(2025, 1, 2, 3, 4)) == "2025-01-02T03:04:00"
    long = short("x" * 500)
    assert len(long) == MAX_ECHO and long.endswith("...")
    assert cut("abcdef", 6) == "abcdef" and cut("abcdefg", 6) == "abc..."
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    assert short(nested) == "a deeply nested list"


class Sub(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    x: int = 0


class M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    number: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] = 1
    count: Annotated[float, Field(gt=0)] = 1
    whole: int = 0
    text: Annotated[str, Field(min_length=1, max_length=3)] = "a"
    ident: Annotated[str, Field(pattern=ID_PATTERN)] = "a"
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "GB"
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] = "en"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "GBP"
    url: Annotated[str, Field(pattern=HTTPS_URL_PATTERN)] = "https://a.example"
    other: Annotated[str, Field(pattern=r"^x+$")] = "x"
    choice: Literal["a", "b"] = "a"
    items: Annotated[list[str], Field(min_length=1)] = ["a"]
    day: dt.date = dt.date(2025, 1, 1)
    flag: bool = False
    sub: Sub = Sub()
    required: int


def message(field: str, value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        M.model_validate({"required": 1, field: value})
    [err] = caught.value.errors()
    return friendly(err)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("number", "5", "must be a number, not text; remove the quotes; got '5'"),
        ("number", True, "must be a number; got True"),
        ("number", 11, "must be at most 10; got 11; check the unit and the digits"),
        ("number", -1, "must be at least 0; got -1"),
        ("number", float("nan"), "must be a finite number; got nan"),
        ("count", 0, "must be more than 0; got 0"),
        ("whole", 1.5, "must be a whole number; got 1.5"),
        ("text", "", "must not be empty"),
        ("text", "abcd", "is too long: at most 3 characters"),
        ("text", 5, 'must be text in "quotes"; got 5'),
        ("ident", "Bad Id", "must be lowercase letters and digits joined by hyphens, like 'my-id'"),
        ("country", "gb", "must be an ISO 3166-1 alpha-2 country code in capitals, like 'GB'"),
        ("language", "EN", "must be an ISO 639-1 language code in lowercase, like 'en'"),
        ("currency", "gbp", "must be an ISO 4217 currency code in capitals, like 'EUR'"),
        ("url", "http://a.example", "must be an https:// URL of plain characters"),
        ("other", "y", "has the wrong form; got 'y'"),
        ("choice", "c", "must be one of 'a' or 'b'; got 'c'"),
        ("items", "a", 'must be a list, like ["a", "b"]; got \'a\''),
        ("items", [], "must list at least one value"),
        ("day", "2025-01-01", "must be a date written without quotes, like 2025-01-31"),
        ("day", 5, "must be a date like 2025-01-31; got 5"),
        ("flag", "yes", "must be true or false; got 'yes'"),
        ("sub", 3, "must be a table of key = value pairs; got 3"),
        ("sub", {"y": 1}, "unknown key; remove it or check its spelling"),
    ],
)
def test_friendly_messages(field: str, value: Any, expected: str) -> None:
    assert message(field, value).startswith(expected)


def test_friendly_missing_and_unknown() -> None:
    with pytest.raises(ValidationError) as caught:
        M.model_validate({"colour": 1})
    said = sorted(friendly(e) for e in caught.value.errors())
    assert said == [
        "is required but missing; add it",
        "unknown key; remove it or check its spelling (the keys are in docs/data-format.md)",
    ]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: str
    cost_usd: Annotated[float, Field(ge=0)] = 0
    name: str = ""
    eligibility: dict[str, int] = {}
    price: dict[str, int] = {}


class File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    programs: list[Entry] = []


def test_problems_from_validation_locate_entry_field_and_line() -> None:
    raw = {**RAW, "colour": 1}
    raw["programs"] = [*RAW["programs"][:1], {**RAW["programs"][1], "topics": 1}, 7]
    with pytest.raises(ValidationError) as caught:
        File.model_validate(raw)
    lines = {"programs": table_lines(TEXT, "programs")}
    found = problems_from_validation(
        caught.value.errors(), path="c.toml", raw=raw, lines=lines, text=TEXT
    )
    assert sorted(found, key=str) == sorted(
        [
            Problem("c.toml", "unknown key; remove it or check its spelling (the keys are in "
                    "docs/data-format.md)", field="colour"),
            Problem("c.toml", "must be at least 0; got -3", 8, 3, "programs[second]", "cost_usd"),
            Problem("c.toml", "unknown key; remove it or check its spelling (the keys are in "
                    "docs/data-format.md)", 6, None, "programs[second]", "topics"),
            Problem("c.toml", "must be a table of key = value pairs; got 7", 15, None,
                    "programs[#3]", None),
        ],
        key=str,
    )  # fmt: skip
    plain = problems_from_validation(
        caught.value.errors(), path="c.toml", raw=raw, lines=lines, plain_tables=("programs",)
    )
    assert {p.entry for p in plain} == {None, "second", "#3"}
    assert {p.line for p in plain} == {None, 6, 15}  # without the text: the entry's header
