"""load/rates.py: the exchange rates file (data/currencies.toml) and its problems, by key."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from conftest import REPO

from hcai_path.costs import Rates
from hcai_path.errors import DataFileError, Problem
from hcai_path.load.rates import RATES_FILE, load_rates, parse_rates, rates_path

GOOD = b"""\
date = 2023-12-31
source = "https://rates.example.org/g5a"
label = "Test rates, 2023 average"
note = "what the numbers mean"

[usd_per_unit]
GBP = 1.25
JPY = 0.0071
"""


def test_parse_rates() -> None:
    assert parse_rates(GOOD, "r.toml") == Rates(
        date=dt.date(2023, 12, 31),
        source="https://rates.example.org/g5a",
        note="what the numbers mean",
        usd_per_unit={"GBP": 1.25, "JPY": 0.0071},
        label="Test rates, 2023 average",
    )
    rates = parse_rates(GOOD.replace(b'label = "Test rates, 2023 average"\n', b""), "r.toml")
    assert rates.label == "" and rates.usd("USD") == 1.0 and rates.usd("EUR") is None


def test_every_problem_is_located_by_key() -> None:
    data = b"""\
date = "2023-12-31"
source = "http://rates.example.org/"
label = 5
note = 7
colour = "red"

[usd_per_unit]
gbp = 1.25
EUR = 0
JPY = -1
CHF = true
SEK = "0.09"
AUD = 0.66
"""
    with pytest.raises(DataFileError) as caught:
        parse_rates(data, "r.toml")
    assert caught.value.exit_code == 3
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("colour", "unknown key; the keys are date, source, label, note and [usd_per_unit]"),
        ("date", "must be the date the rates are for, like 2025-12-31"),
        ("source", "must be the https URL of the page the rates were read from"),
        ("note", "must be text saying what the numbers mean"),
        ("label", 'must be a short name of the source, like "Federal Reserve G.5A, 2023"'),
        ("usd_per_unit.gbp", "must be an ISO 4217 code like GBP"),
        ("usd_per_unit.EUR", "must be a positive number"),
        ("usd_per_unit.JPY", "must be a positive number"),
        ("usd_per_unit.CHF", "must be a positive number"),
        ("usd_per_unit.SEK", "must be a positive number"),
    ]
    assert all(p.path == "r.toml" for p in caught.value.problems)
    assert str(caught.value.problems[0]) == (
        "r.toml: field 'colour': unknown key; the keys are date, source, label, note and "
        "[usd_per_unit]"
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (GOOD.replace(b"date = 2023-12-31", b"date = 2023-12-31T00:00:00"), "date"),
        (GOOD.replace(b"[usd_per_unit]\nGBP = 1.25\nJPY = 0.0071\n", b"usd_per_unit = 5\n"),
         "usd_per_unit"),
        (GOOD.replace(b"[usd_per_unit]\nGBP = 1.25\nJPY = 0.0071\n", b""), "usd_per_unit"),
        (GOOD.replace(b'label = "Test', b'label = "' + b"x" * 200 + b" Test"), "label"),
    ],
)  # fmt: skip
def test_one_problem(data: bytes, field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_rates(data, "r.toml")
    assert [p.field for p in caught.value.problems] == [field]


def test_broken_toml_is_located() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_rates(b"date = \n", "r.toml")
    assert caught.value.problems == [
        Problem(
            "r.toml",
            'is not valid TOML: Invalid value; a value is a "quoted string", a number, '
            "true/false, a date (YYYY-MM-DD), a [list] or an {inline table}",
            line=1,
            column=8,
        )
    ]


def test_the_shipped_rates() -> None:
    """The shipped file: dated, sourced, and every rate positive; it ships in the wheel."""
    assert rates_path().endswith(RATES_FILE)
    rates = load_rates()
    raw = tomllib.loads((REPO / "data" / RATES_FILE).read_text(encoding="utf-8"))
    assert rates.date == raw["date"] and rates.source.startswith("https://")
    assert rates.label and rates.note
    assert dict(rates.usd_per_unit) == {k: float(v) for k, v in raw["usd_per_unit"].items()}
    assert {"EUR", "GBP"} <= set(rates.usd_per_unit)
    assert "USD" not in rates.usd_per_unit and rates.usd("USD") == 1.0
