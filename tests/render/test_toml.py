"""render/toml.py: `list --format toml` writes a valid catalog that loads back the same."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from strategies import RULES, programs

from hcai_path.load import load_catalog, validate_paths
from hcai_path.models import Program
from hcai_path.render import Context, Format, formatter
from render.programs import FRESH

TOML = formatter(Format.TOML)
CTX = Context(today=TODAY)


def test_programs_toml_exact() -> None:
    assert TOML.programs([FRESH], CTX) == (
        "[[programs]]\n"
        'id = "p1"\n'
        'name = "Program One"\n'
        'provider = "Provider One"\n'
        'type = "professional"\n'
        'credential = "certificate"\n'
        'delivery = "online"\n'
        "topics = [\n"
        '    "ethics",\n'
        "]\n"
        "roles = [\n"
        '    "nurse",\n'
        "]\n"
        'prerequisites = "None."\n'
        'url = "https://one.example.org/"\n'
        'source = "https://one.example.org/src"\n'
        "verified = 2026-01-01\n"
        "duration_months = 3\n"
        "cost_usd = 100\n"
    )


def test_computed_figures_are_left_to_the_loader() -> None:
    """A price and a basis are written, never the cost, length and computations made from
    them (a file giving both is invalid)."""
    from render.programs import COMPUTED

    entry = tomllib.loads(str(TOML.programs([COMPUTED], CTX)))["programs"][0]
    assert entry["price"] == {"amount": 1000, "currency": "GBP", "per": "year", "units": 1}
    assert entry["duration_basis"] == {"term": "semester", "terms": 2}
    assert entry["cost_note"] == "tuition"
    assert not {"cost_usd", "duration_months", "cost_computation", "duration_computation"} & set(
        entry
    )
    assert entry["eligibility"]["routes"][1] == {"degrees": ["masters"], "note": "or a master's"}


def test_programs_toml_empty_is_loadable() -> None:
    """An empty selection is still a valid (empty) catalog."""
    assert tomllib.loads(str(TOML.programs([], CTX))).get("programs", []) == []


def test_only_programs() -> None:
    import pytest

    from hcai_path.render import UnsupportedView

    for view in (lambda: TOML.program(FRESH, CTX), lambda: TOML.compare([FRESH], CTX)):
        with pytest.raises(UnsupportedView, match="--format toml cannot show"):
            view()


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programs)
def test_programs_toml_round_trips(catalog: list[Program]) -> None:
    """Every field, new ones too: the file validates and loads back to the same programs."""
    text = str(TOML.programs(catalog, CTX))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.toml"
        path.write_text(text, encoding="utf-8")
        assert validate_paths([str(path)], rules_path=None, today=TODAY) == []
        loaded = load_catalog(str(path), rules=RULES, today=TODAY, use_cache=False)
    assert list(loaded.programs) == catalog
