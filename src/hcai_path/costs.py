"""Computed costs and durations: a published unit price times the units, converted at a dated
rate; a stated count of terms, or credits at a stated pace. Each figure carries its computation
in words, so that a reader can check every part of it (pure)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import NamedTuple

from hcai_path.models import TERM_MONTHS, DurationBasis, Price


class Rates(NamedTuple):
    """Exchange rates to the US dollar, as one dated source publishes them."""

    date: dt.date
    source: str
    note: str
    usd_per_unit: Mapping[str, float]
    label: str = ""
    """A short name of the source and period ("Federal Reserve G.5A, 2023 average")."""

    def usd(self, currency: str) -> float | None:
        return 1.0 if currency == "USD" else self.usd_per_unit.get(currency)


NO_RATES = Rates(dt.date.min, "", "", {})
"""Rates that convert nothing: only USD prices can be computed with them."""


def grouped(value: float) -> str:
    """A sum of money with thousands separators: cents only when there are some."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def money(value: float | None, currency: str = "USD", *, sign: bool = False) -> str:
    """ "USD 1,250", or "$1,250" with `sign`; "unknown" for no figure."""
    if value is None:
        return "unknown"
    return f"${grouped(value)}" if sign else f"{currency} {grouped(value)}"


def _count(value: float, unit: str) -> str:
    shown = f"{value:g}"
    return f"{shown} {unit}" + ("" if value == 1 else "s")


def price_usd(price: Price, rates: Rates) -> tuple[float, str]:
    """The price's total in whole US dollars, and how it was computed.

    Raises KeyError for a currency the rates do not hold (validation refuses such a file).
    """
    total = price.amount * price.units
    if price.currency == "USD":
        total = round(total)
    steps = []
    if price.per == "total":
        steps.append(money(total, price.currency))
    else:
        steps.append(
            f"{money(price.amount, price.currency)} per {price.per} x "
            f"{_count(price.units, price.per)} = {money(total, price.currency)}"
        )
    rate = rates.usd(price.currency)
    if rate is None:
        raise KeyError(price.currency)
    usd = round(total * rate)
    if price.currency != "USD":
        where = rates.label or f"rates of {rates.date.isoformat()}"
        steps.append(f"at {rate:g} USD per {price.currency} ({where}) = {money(usd, 'USD')}")
    return usd, ", ".join(steps) + " (estimated)"


def basis_months(basis: DurationBasis) -> tuple[float, str]:
    """The length in months (one decimal), and how it was computed."""
    per = TERM_MONTHS[basis.term]
    if basis.terms is not None:
        terms = basis.terms
        lead = _count(terms, basis.term)
    else:
        assert basis.units is not None and basis.per_term is not None
        ratio = basis.units / basis.per_term
        # A pace so small that the count of terms overflows (5e-324 credits a term) is
        # endless, not a crash: validation then refuses it as over the bound.
        terms = math.ceil(ratio) if math.isfinite(ratio) else ratio
        unit = basis.unit or "unit"
        lead = (
            f"{_count(basis.units, unit)} at {basis.per_term:g} per {basis.term} = "
            f"{_count(terms, basis.term)}"
        )
    months = round(terms * per, 1)
    months = int(months) if float(months).is_integer() else months  # 18 as in a file, not 18.0
    shown = f"{months:g}"
    if basis.term == "month":
        return months, f"{lead} (estimated)"
    return months, f"{lead} x {per:.3g} months = {shown} months (estimated)"
