"""Coverage of a catalog: how many programs of each kind and country, and the share whose
cost, duration and freshness an adviser can rely on (pure)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from hcai_path.models import Program


class Figure(NamedTuple):
    """One line of the statistics: a group (total, type, country, status, coverage) and its
    value; `share` is the fraction of the catalog, or None for a plain count."""

    group: str
    name: str
    programs: int
    share: float | None


def catalog_stats(programs: Sequence[Program], *, today: dt.date) -> list[Figure]:
    total = len(programs)

    def share(count: int) -> float:
        return round(count / total, 3) if total else 0.0

    out = [Figure("total", "programs", total, None)]
    for group, counter in (
        ("type", Counter(p.type for p in programs)),
        ("country", Counter(p.country or "not stated" for p in programs)),
        ("status", Counter(p.status for p in programs)),
    ):
        out.extend(
            Figure(group, name, count, share(count))
            for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        )
    coverage = (
        ("with a cost", sum(p.cost_usd is not None for p in programs)),
        ("with a computed cost", sum(p.cost_estimated for p in programs)),
        ("with a duration", sum(p.duration_months is not None for p in programs)),
        ("with a computed duration", sum(p.duration_estimated for p in programs)),
        ("stale", sum(p.is_stale(today) for p in programs)),
        ("with a country", sum(bool(p.country) for p in programs)),
        ("with teaching languages", sum(bool(p.languages) for p in programs)),
        ("with a recognition", sum(bool(p.recognition) for p in programs)),
    )
    out.extend(Figure("coverage", name, count, share(count)) for name, count in coverage)
    return out
