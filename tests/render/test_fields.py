"""render/fields.py: values as people and cells read them."""

from __future__ import annotations

from typing import Any

import pytest

from hcai_path.models import RECORD_KEYS
from hcai_path.render.fields import (
    DETAIL_FIELDS,
    LIST_COLUMNS,
    cell,
    eligibility_text,
    money,
    months,
    plural,
    route_text,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (["a", "b"], "a;b"),
        ((), ""),
        (24.0, "24"),
        (0.2, "0.2"),
        (0, "0"),
        ("text", "text"),
        ({"a": [1, None], "é": "x"}, '{"a":[1,null],"é":"x"}'),
    ],
)
def test_cell(value: object, expected: str) -> None:
    """Delimited cells: None empty, booleans lowercase, lists joined with `;`, 24.0 as 24,
    tables as compact JSON."""
    assert cell(value) == expected


@pytest.mark.parametrize(
    ("cost", "expected"), [(None, "unknown"), (0, "$0"), (30000, "$30,000"), (12.5, "$12.50")]
)
def test_money(cost: float | None, expected: str) -> None:
    """Unknown cost is spelled out, never shown as free."""
    assert money(cost) == expected


@pytest.mark.parametrize(("value", "expected"), [(None, "unknown"), (0.2, "0.2 mo"), (12, "12 mo")])
def test_months(value: float | None, expected: str) -> None:
    assert months(value) == expected


def test_columns_and_detail_fields() -> None:
    assert LIST_COLUMNS == RECORD_KEYS
    assert DETAIL_FIELDS == (
        "id", "name", "provider", "type", "credential", "delivery", "topics", "roles",
        "prerequisites", "url", "source", "verified", "recognition", "country", "languages",
        "status", "status_note", "duration", "duration_basis", "cost", "price",
        "cost_usd_international", "price_international", "cost_basis", "eligibility", "awards",
        "counts_toward", "prepares_for", "cost_estimated", "duration_estimated",
    )  # fmt: skip


def route(**keys: Any) -> dict[str, Any]:
    return {"roles": [], "degrees": [], "min_years": 0, "note": "", **keys}


@pytest.mark.parametrize(
    ("eligibility", "words"),
    [
        (None, "open (no stated restriction)"),
        ({"routes": [], "note": ""}, "open (no stated restriction)"),
        ({"routes": [route()], "note": ""}, "anyone"),
        ({"routes": [], "note": "by invitation"}, "by invitation"),
        (
            {"routes": [route(roles=["nurse"], min_years=1, note="an RN")], "note": ""},
            "roles: nurse; at least 1 year of experience; an RN",
        ),
        (
            {"routes": [route(degrees=["a", "b"], min_years=3), route(roles=["x"])], "note": "n"},
            "any one of: (1) degrees: a, b; at least 3 years of experience or (2) roles: x; n",
        ),
    ],
)
def test_eligibility_text(eligibility: dict[str, Any] | None, words: str) -> None:
    assert eligibility_text(eligibility) == words


def test_route_text_and_plural() -> None:
    assert route_text(route()) == "anyone"
    assert plural(1, "program") == "1 program" and plural(0, "program") == "0 programs"
