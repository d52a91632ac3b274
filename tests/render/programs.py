"""Three programs every formatter test shows: FRESH (plain), ODD (markup, a formula, controls,
a stale date, unknown cost and length, a flat eligibility route, the new place fields) and
COMPUTED (a GBP price and a basis, computed at fixed test rates, with two eligibility routes).
"""

from __future__ import annotations

import datetime as dt

from conftest import make_program

from hcai_path.costs import Rates
from hcai_path.load.catalog import build_program
from hcai_path.models import Eligibility, Route

FRESH = make_program()
ODD = make_program(
    id="p2",
    name="Two [bold]x[/bold] | y",
    provider="=Evil",
    type="academic",
    credential="masters",
    delivery="hybrid",
    duration_months=None,
    cost_usd=None,
    cost_note="not published",
    topics=("informatics", "data-science"),
    roles=("clinician",),
    eligibility=Eligibility((Route(("nurse",), ("nursing-bachelors",), 2, "two years"),)),
    awards=("masters",),
    verified=dt.date(2019, 1, 1),
    prerequisites="tab\there\nnewline \\ back",
    recognition="degree",
    country="GB",
    languages=("en", "cy"),
    status="paused",
    status_note="next intake\t2027",
)
RATES = Rates(dt.date(2023, 12, 31), "https://rates.example.org/", "n", {"GBP": 1.25}, "test rates")
COMPUTED = build_program(
    {
        "id": "p3",
        "name": "Three",
        "provider": "P",
        "type": "professional",
        "credential": "certificate",
        "delivery": "online",
        "topics": ["ethics"],
        "roles": ["nurse"],
        "prerequisites": "None.",
        "url": "https://three.example.org/",
        "source": "https://three.example.org/",
        "verified": dt.date(2026, 1, 1),
        "price": {"amount": 1000, "currency": "GBP", "per": "year", "units": 1},
        "duration_basis": {"term": "semester", "terms": 2},
        "cost_note": "tuition",
        "eligibility": {
            "routes": [{"roles": ["nurse"], "min_years": 1}, {"degrees": ["masters"],
                                                              "note": "or a master's"}],
            "note": "any",
        },
    },
    lambda value: value,
    RATES,
)  # fmt: skip
COST_NOTE = (
    "GBP 1,000 per year x 1 year = GBP 1,000, at 1.25 USD per GBP (test rates) = USD 1,250 "
    "(estimated); tuition"
)
DURATION_NOTE = "2 semesters x 6 months = 12 months (estimated)"
ODD_ELIGIBILITY = (
    "roles: nurse; degrees: nursing-bachelors; at least 2 years of experience; two years"
)
COMPUTED_ELIGIBILITY = (
    "any one of: (1) roles: nurse; at least 1 year of experience or (2) degrees: masters; "
    "or a master's; any"
)
