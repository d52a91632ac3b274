"""costs.py: computed costs and lengths, each with its computation in words (exact strings)."""

from __future__ import annotations

import datetime as dt

import pytest

from hcai_path.costs import NO_RATES, Rates, basis_months, price_usd
from hcai_path.models import DurationBasis, Price

RATES = Rates(
    date=dt.date(2023, 12, 31),
    source="https://rates.example.org/",
    note="test rates",
    usd_per_unit={"GBP": 1.25, "EUR": 1.0817, "JPY": 0.0071},
    label="Test rates, 2023 average",
)


@pytest.mark.parametrize(
    ("price", "usd", "words"),
    [
        # USD per credit: no conversion
        (Price(450, "USD", "credit", 30), 13500,
         "USD 450 per credit x 30 credits = USD 13,500 (estimated)"),
        # GBP per year, converted at the dated rate, named by its label
        (Price(9250, "GBP", "year", 3), 34688,
         "GBP 9,250 per year x 3 years = GBP 27,750, at 1.25 USD per GBP "
         "(Test rates, 2023 average) = USD 34,688 (estimated)"),
        # a published total in another currency: no multiplication shown
        (Price(5000, "EUR", "total", 1), 5409,
         "EUR 5,000, at 1.0817 USD per EUR (Test rates, 2023 average) = USD 5,409 (estimated)"),
        (Price(2500, "USD", "total", 1), 2500, "USD 2,500 (estimated)"),
        # USD rounds to whole dollars, before it is shown
        (Price(333.33, "USD", "credit", 3), 1000,
         "USD 333.33 per credit x 3 credits = USD 1,000 (estimated)"),
        # cents and fractions of units are shown as published
        (Price(9250.5, "GBP", "year", 1.5), 17345,
         "GBP 9,250.50 per year x 1.5 years = GBP 13,875.75, at 1.25 USD per GBP "
         "(Test rates, 2023 average) = USD 17,345 (estimated)"),
        # one unit is singular
        (Price(1200, "USD", "month", 1), 1200,
         "USD 1,200 per month x 1 month = USD 1,200 (estimated)"),
        (Price(800_000, "JPY", "year", 2), 11360,
         "JPY 800,000 per year x 2 years = JPY 1,600,000, at 0.0071 USD per JPY "
         "(Test rates, 2023 average) = USD 11,360 (estimated)"),
        (Price(0, "GBP", "module", 4), 0,
         "GBP 0 per module x 4 modules = GBP 0, at 1.25 USD per GBP "
         "(Test rates, 2023 average) = USD 0 (estimated)"),
    ],
)  # fmt: skip
def test_price_usd(price: Price, usd: int, words: str) -> None:
    got = price_usd(price, RATES)
    assert got == (usd, words)
    assert type(got[0]) is int


def test_an_unlabelled_rate_is_named_by_its_date() -> None:
    rates = RATES._replace(label="")
    assert price_usd(Price(100, "GBP", "total", 1), rates) == (
        125,
        "GBP 100, at 1.25 USD per GBP (rates of 2023-12-31) = USD 125 (estimated)",
    )


def test_usd_needs_no_rate_and_others_need_one() -> None:
    assert NO_RATES.usd("USD") == 1.0 and NO_RATES.usd("GBP") is None
    assert price_usd(Price(10, "USD", "course", 2), NO_RATES)[0] == 20
    with pytest.raises(KeyError):  # validation refuses such a file before it gets here
        price_usd(Price(10, "GBP", "course", 2), NO_RATES)


@pytest.mark.parametrize(
    ("basis", "months", "words"),
    [
        (DurationBasis("week", 12), 2.8, "12 weeks x 0.231 months = 2.8 months (estimated)"),
        (DurationBasis("month", 9), 9, "9 months (estimated)"),
        (DurationBasis("month", 1), 1, "1 month (estimated)"),
        (DurationBasis("quarter", 5), 15, "5 quarters x 3 months = 15 months (estimated)"),
        (DurationBasis("semester", 1), 6, "1 semester x 6 months = 6 months (estimated)"),
        (DurationBasis("year", 1.5), 18, "1.5 years x 12 months = 18 months (estimated)"),
        # credits at a stated pace: whole terms, rounded up
        (DurationBasis("semester", None, 36, "credit", 9), 24,
         "36 credits at 9 per semester = 4 semesters x 6 months = 24 months (estimated)"),
        (DurationBasis("semester", None, 30, "credit", 9), 24,
         "30 credits at 9 per semester = 4 semesters x 6 months = 24 months (estimated)"),
        (DurationBasis("quarter", None, 45, "", 12), 12,
         "45 units at 12 per quarter = 4 quarters x 3 months = 12 months (estimated)"),
        (DurationBasis("week", None, 10, "module", 1), 2.3,
         "10 modules at 1 per week = 10 weeks x 0.231 months = 2.3 months (estimated)"),
        (DurationBasis("month", None, 8, "course", 2), 4,
         "8 courses at 2 per month = 4 months (estimated)"),
    ],
)  # fmt: skip
def test_basis_months(basis: DurationBasis, months: float, words: str) -> None:
    got = basis_months(basis)
    assert got == (months, words)
    if float(months).is_integer():
        assert type(got[0]) is int  # 18, as a file's 18 prints, not 18.0


def test_an_endless_pace_is_endless_not_an_error() -> None:
    months, _ = basis_months(DurationBasis("week", None, 1000, "credit", 5e-324))
    assert months == float("inf")
