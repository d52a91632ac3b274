"""request.py: options and the saved profile become a Request or a ProgramFilter; every word
resolves to its id or is a usage error (2) with a suggestion."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_CATALOG, TODAY

from hcai_path.errors import DataFileError, UsageError
from hcai_path.filters import ProgramFilter
from hcai_path.load import load_catalog
from hcai_path.models import Catalog, Request
from hcai_path.profile import Profile
from hcai_path.request import (
    build_filter,
    build_request,
    parse_number,
    profile_from_options,
    recheck_saved,
    resolve_country,
    resolve_sort,
)
from hcai_path.rules import Rules


@pytest.fixture
def catalog(tmp_path: Path, rules: Rules) -> Catalog:
    path = tmp_path / "c.toml"
    path.write_text(FIXTURE_CATALOG, encoding="utf-8")
    return load_catalog(str(path), rules=rules, today=TODAY, use_cache=False)


def options(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "role": None, "goals": (), "budget_usd": None, "months": None, "delivery": None,
        "have": (), "years": None,
    }  # fmt: skip
    return {**base, **given}


def test_profile_from_options_resolves_every_word(rules: Rules, catalog: Catalog) -> None:
    profile = profile_from_options(
        **options(
            role="RN",
            goals=["Governance", "governance", "clinical nlp"],
            delivery="ONLINE",
            have=["Beta_Cert", "nursing-bachelors"],
            budget_usd=5000.0,
            months=12.0,
            years=3,
            country="United Kingdom",
        ),
        rules=rules,
        catalog=catalog,
    )
    assert profile == Profile(
        role="nurse",
        goals=("governance", "clinical-nlp"),
        budget_usd=5000.0,
        months=12.0,
        delivery="online",
        have=("beta-cert", "nursing-bachelors"),
        years=3,
        country="GB",
    )


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"role": "nurce"}, "unknown role 'nurce'; did you mean 'nurse'?"),
        ({"goals": ["imagin"]}, "unknown goal 'imagin'; did you mean 'imaging'?"),
        ({"delivery": "by post"}, "unknown delivery 'by post'"),
        ({"have": ["betacert"]}, "did you mean 'beta-cert'?"),
        ({"budget_usd": math.inf}, "--budget must be a finite number"),
        ({"months": math.nan}, "--months must be a finite number"),
        ({"country": "Atlantis"}, "unknown country 'Atlantis'; give an ISO 3166-1 alpha-2"),
        ({"country": "Germny"}, "unknown country 'Germny'; did you mean 'DE' (Germany)?"),
    ],
)
def test_unknown_words_are_usage_errors(
    given: dict[str, Any], words: str, rules: Rules, catalog: Catalog
) -> None:
    with pytest.raises(UsageError) as caught:
        profile_from_options(**options(**given), rules=rules, catalog=catalog)
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_saved_profile_naming_what_is_gone_is_a_data_error(
    rules: Rules, catalog: Catalog
) -> None:
    with pytest.raises(DataFileError) as caught:
        recheck_saved(Profile(role="wizard"), rules=rules, catalog=catalog, path="p.toml")
    [problem] = caught.value.problems
    assert problem.path == "p.toml"
    assert "unknown role 'wizard'" in problem.message
    assert problem.message.endswith("'hcai-path profile set' or 'hcai-path profile clear'")
    saved = recheck_saved(Profile(role="rn"), rules=rules, catalog=catalog, path="p.toml")
    assert saved.role == "nurse"


def test_build_request(catalog: Catalog) -> None:
    wanted = Profile(role="nurse", have=("beta-cert", "nursing-bachelors"), years=2)
    assert build_request(wanted, catalog=catalog, include_stale=False) == Request(
        role="nurse",
        have_programs=("beta-cert",),
        have_degrees=("nursing-bachelors",),
        years=2,
        exclude_stale=True,
        have=("beta-cert", "nursing-bachelors"),
    )
    with pytest.raises(UsageError, match="--role is required"):
        build_request(Profile(), catalog=catalog, include_stale=True)


def filter_options(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "types": (), "credentials": (), "topics": (), "roles": (), "deliveries": (),
        "provider": None, "search": None, "max_cost": None, "max_months": None,
        "include_stale": True,
    }  # fmt: skip
    return {**base, **given}


def test_build_filter(rules: Rules) -> None:
    assert build_filter(**filter_options(), rules=rules) is None  # keeps everything
    wanted = build_filter(
        **filter_options(
            types=["Academic", "academic"],
            roles=["rn", "clinician"],
            deliveries=["in person"],
            country="usa",
            max_cost=100.0,
            include_stale=False,
        ),
        rules=rules,
    )
    assert wanted == ProgramFilter(
        types=frozenset({"academic"}),
        roles=frozenset({"nurse", "clinician"}),
        deliveries=frozenset({"in-person"}),
        country="US",
        max_cost=100.0,
        include_stale=False,
    )
    with pytest.raises(UsageError, match="did you mean 'certificate'"):
        build_filter(**filter_options(credentials=["certificat"]), rules=rules)


def test_resolve_sort_and_country() -> None:
    assert resolve_sort(None) is None and resolve_sort("COST") == "cost"
    with pytest.raises(UsageError, match="did you mean 'cost'"):
        resolve_sort("costs")
    assert [resolve_country(v) for v in ("gb", "GBR", "United Kingdom", "de")] == [
        "GB", "GB", "GB", "DE",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "whole", "number"),
    [(None, False, None), ("5000", False, 5000.0), ("$5,000.50", False, 5000.5),
     (" 3 ", True, 3), ("0", True, 0)],
)  # fmt: skip
def test_parse_number(value: str | None, whole: bool, number: float | None) -> None:
    assert parse_number("--x", value, unit="things", whole=whole) == number


@pytest.mark.parametrize(
    ("value", "whole", "words"),
    [
        ("cheap", False, "--x takes a number of things, like 5000; got 'cheap'"),
        ("1.5", True, "--x takes a whole number of things, like 3; got '1.5'"),
        ("-1", False, "--x takes 0 or more things; got '-1'"),
        ("inf", False, "--x takes 0 or more things; got 'inf'"),
        ("nan", False, "--x takes 0 or more things; got 'nan'"),
    ],
)
def test_parse_number_refuses(value: str, whole: bool, words: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_number("--x", value, unit="things", whole=whole)
    assert str(caught.value) == words
