"""load/catalog.py: the catalog loads valid programs (costs and lengths computed), or raises
DataFileError naming every problem; the quick path and the full one give the same programs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import (
    FIXTURE_CATALOG,
    FIXTURE_IDS,
    NEW_FIELDS_CATALOG,
    REPO,
    TODAY,
    WriteCatalog,
    subprocess_env,
)
from data_cases import BROKEN, catalog_text, program, write

from hcai_path.errors import DataFileError, Problem, UsageError
from hcai_path.load import catalog as loader
from hcai_path.load import load_catalog, shipped_data_path, validate_paths
from hcai_path.load.rates import load_rates
from hcai_path.models import DurationBasis, Eligibility, Price, Program, Route
from hcai_path.rules import Rules

sys.path.insert(0, str(REPO / "benchmarks"))
import make_catalog  # noqa: E402

REAL_TODAY = dt.date.today()
LATER = dt.date(2030, 1, 1)


@pytest.fixture(scope="module")
def shipped(rules: Rules) -> tuple[Program, ...]:
    return load_catalog(rules=rules, today=REAL_TODAY, use_cache=False).programs


def problems_of(path: Path, rules: Rules) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        load_catalog(str(path), rules=rules, today=TODAY, use_cache=False)
    assert caught.value.exit_code == 3
    return caught.value.problems


# ---- the shipped catalog --------------------------------------------------------------------


def test_shipped_files_validate() -> None:
    paths = [shipped_data_path("programs.toml"), shipped_data_path("rules.toml")]
    assert validate_paths(paths, rules_path=None, today=REAL_TODAY) == []


def test_shipped_catalog_has_the_seed_programs(shipped: tuple[Program, ...]) -> None:
    ids = {p.id for p in shipped}
    assert {"hms-aim-phd", "jhu-clinical-informatics-pbc"} <= ids
    assert len(ids) == len(shipped)
    assert {p.type for p in shipped} == {"academic", "professional", "executive"}


def test_shipped_entries_are_sourced(shipped: tuple[Program, ...]) -> None:
    """Every entry names an https url and source, a verified date not in the future, and a
    reason when its cost is unknown; a computed cost or length says how it was computed."""
    for p in shipped:
        assert p.url.startswith("https://") and p.source.startswith("https://"), p.id
        assert p.verified <= REAL_TODAY, p.id
        if p.cost_usd is None:
            assert p.cost_note.strip(), p.id
        assert bool(p.cost_computation) == (
            p.price is not None or p.price_international is not None
        )
        assert bool(p.duration_computation) == (p.duration_basis is not None), p.id


# ---- what a file says becomes a Program -----------------------------------------------------


def test_fixture_catalog_loads(catalog_file: Path, rules: Rules) -> None:
    loaded = load_catalog(str(catalog_file), rules=rules, today=TODAY, use_cache=False)
    assert loaded.path == str(catalog_file)
    assert [p.id for p in loaded.programs] == FIXTURE_IDS
    by_id = loaded.by_id()
    assert by_id["gamma-exec"].cost_usd is None and by_id["gamma-exec"].duration_months == 0.2
    assert by_id["delta-course"].is_stale(TODAY)
    assert by_id["epsilon-phd"].duration_months is None
    assert by_id["alpha-ms"].duration_months == 24 and type(by_id["alpha-ms"].cost_usd) is int
    # an eligibility table written flat (hcai-path 0.1) is one route
    assert by_id["beta-cert"].eligibility == Eligibility(
        routes=(
            Route(("nurse",), ("nursing-bachelors",), 2, "Active RN licence and two years of "
                  "practice."),
        )
    )  # fmt: skip
    alpha = by_id["alpha-ms"]
    assert (alpha.status, alpha.country, alpha.languages, alpha.recognition) == (
        "unknown",
        "",
        (),
        "",
    )
    assert (alpha.cost_estimated, alpha.duration_estimated) == (False, False)


def test_new_fields_load_with_costs_and_lengths_computed(
    write_catalog: WriteCatalog, rules: Rules
) -> None:
    path = write_catalog(NEW_FIELDS_CATALOG)
    zeta, eta = load_catalog(str(path), rules=rules, today=TODAY, use_cache=False).programs
    rates = load_rates()
    gbp = rates.usd("GBP")
    assert gbp is not None
    home, international = round(12000 * gbp), round(31000 * gbp)
    where = rates.label
    assert zeta.price == Price(12000, "GBP", "year", 1)
    assert zeta.price_international == Price(31000, "GBP", "year", 1)
    assert (zeta.cost_usd, zeta.cost_usd_international) == (home, international)
    assert zeta.cost_computation == (
        f"GBP 12,000 per year x 1 year = GBP 12,000, at {gbp:g} USD per GBP ({where}) = "
        f"USD {home:,} (estimated); international: GBP 31,000 per year x 1 year = GBP 31,000, "
        f"at {gbp:g} USD per GBP ({where}) = USD {international:,} (estimated)"
    )
    assert zeta.duration_basis == DurationBasis("semester", None, 180, "credit", 60)
    assert zeta.duration_months == 18
    assert zeta.duration_computation == (
        "180 credits at 60 per semester = 3 semesters x 6 months = 18 months (estimated)"
    )
    assert (zeta.recognition, zeta.country, zeta.languages) == ("degree", "GB", ("en",))
    assert (zeta.status, zeta.status_note) == ("active", "next intake September 2026")
    assert (zeta.cost_basis, zeta.cost_estimated, zeta.duration_estimated) == ("home", True, True)
    assert eta.cost_usd == 295 and eta.cost_computation == "USD 295 (estimated)"
    assert eta.duration_months == 18 and type(eta.duration_months) is int  # 18, not 18.0
    assert eta.duration_computation == "1.5 years x 12 months = 18 months (estimated)"
    assert eta.eligibility == Eligibility(
        routes=(
            Route(("nurse",), ("nursing-bachelors",), 2,
                  "2 years as an RN and 2,000 hours in informatics"),
            Route((), ("informatics-masters",), 0, "a graduate degree in informatics"),
        ),
        note="any one route admits",
    )  # fmt: skip
    assert (eta.status, eta.languages, eta.cost_usd_international) == ("paused", ("en", "es"), None)


def test_build_program_computes_only_from_what_is_given() -> None:
    raw = {**program(cost_usd=None, cost_note="x"), "price": {"amount": 10, "currency": "USD",
           "per": "credit", "units": 3}}  # fmt: skip
    built = loader.build_program(raw, lambda v: v, load_rates())
    assert (built.cost_usd, built.cost_computation) == (30, "USD 10 per credit x 3 credits = USD 30"
                                                        " (estimated)")  # fmt: skip
    assert built.duration_months == 2 and built.duration_computation == ""
    plain = loader.build_program(program(), lambda v: v, load_rates())
    assert plain.cost_computation == plain.duration_computation == ""
    assert plain.cost_usd == 100


# ---- problems ---------------------------------------------------------------------------


def test_bad_toml_names_line_and_column(write_catalog: WriteCatalog, rules: Rules) -> None:
    path = write_catalog('[[programs]]\nid = "x"\nname = \n')
    [problem] = problems_of(path, rules)
    assert problem.path == str(path)
    assert (problem.line, problem.column) == (3, 8)
    assert str(problem).startswith(f"{path}:3:8: is not valid TOML")


def test_unknown_key_names_entry_field_and_line(write_catalog: WriteCatalog, rules: Rules) -> None:
    text = FIXTURE_CATALOG.replace("cost_usd = 500\n", 'cost_usd = 500\ncolour = "red"\n')
    [problem] = problems_of(write_catalog(text), rules)
    assert (problem.entry, problem.field) == ("beta-cert", "colour")
    assert problem.line == text.splitlines().index('colour = "red"') + 1
    assert problem.column == 1


def test_several_problems_at_once(write_catalog: WriteCatalog, rules: Rules) -> None:
    text = (
        FIXTURE_CATALOG.replace('roles = ["health-leader"]', 'roles = ["health-lead"]')
        .replace('topics = ["imaging", "machine-learning"]', 'topics = ["imagin"]')
        .replace('source = "https://epsilon.example.edu/phd"', 'source = "ftp://x.example"')
    )
    problems = problems_of(write_catalog(text), rules)
    assert [(p.entry, p.field) for p in problems] == [
        ("gamma-exec", "roles"),
        ("delta-course", "topics"),
        ("epsilon-phd", "source"),
    ]  # in file order
    assert "did you mean 'imaging'" in problems[1].message


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (b"", "empty"),
        (b"\xff\xfe[[programs]]\n", "UTF-8"),
        (FIXTURE_CATALOG.replace("2026-05-01", "2099-01-01").encode(), "future"),
        (FIXTURE_CATALOG.replace('id = "beta-cert"', 'id = "alpha-ms"').encode(), "duplicate"),
        (FIXTURE_CATALOG.replace('id = "beta-cert"', 'id = "Beta Cert"').encode(), "id"),
    ],
)
def test_invalid_files(tmp_path: Path, rules: Rules, text: bytes, needle: str) -> None:
    problems = problems_of(write(tmp_path, text), rules)
    assert any(needle in str(p) for p in problems), problems


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_loader_raises_only_data_file_error(case: str, tmp_path: Path, rules: Rules) -> None:
    """Every broken file of tests/data_cases.py: DataFileError, naming this file, nothing else."""
    path = write(tmp_path, BROKEN[case][0], "any.toml")
    problems = problems_of(path, rules)
    assert problems and all(p.path == str(path) for p in problems)


def test_missing_user_path_is_a_usage_error(tmp_path: Path, rules: Rules) -> None:
    with pytest.raises(UsageError, match="no such catalog file"):
        load_catalog(str(tmp_path / "nope.toml"), rules=rules, today=TODAY)


# ---- the quick path and the full one ---------------------------------------------------------


def test_fast_load_equals_full_load(tmp_path: Path, rules: Rules) -> None:
    """A large catalog read in rtoml pieces gives the programs that tomllib and the full
    validation give; a problem in it is still found and named."""
    path = tmp_path / "big.toml"
    text = make_catalog.make(700)
    path.write_text(text, encoding="utf-8")
    fast = load_catalog(str(path), rules=rules, today=LATER, use_cache=False)
    rates = load_rates()
    full = tuple(
        loader.build_program(p, lambda v: v, rates) for p in tomllib.loads(text)["programs"]
    )
    assert fast.programs == full
    path.write_text(text.replace('type = "academic"', 'type = "acadmic"', 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="acadmic"):
        load_catalog(str(path), rules=rules, today=LATER, use_cache=False)


LOAD_WITHOUT_PYDANTIC = """\
import datetime as dt, sys, tomllib
from hcai_path.rules import build_rules
from hcai_path.load import load_catalog
rules = build_rules(tomllib.load(open(sys.argv[2], "rb")), path=sys.argv[2])
catalog = load_catalog(sys.argv[1], rules=rules, today=dt.date(2030, 1, 1), use_cache=False)
print(len(catalog.programs), "pydantic" in sys.modules)
"""


INLINE_ROUTES = """
[[programs]]
id = "inline-routes"
name = "Inline routes"
provider = "P"
type = "professional"
credential = "certificate"
delivery = "online"
topics = ["ethics"]
roles = ["nurse"]
prerequisites = "None."
url = "https://x.example.org/"
source = "https://x.example.org/"
verified = 2026-01-01
cost_usd = 1
eligibility = { routes = [ { roles = ["nurse"], min_years = 1 } ], note = "x" }  # a comment
"""


@pytest.mark.parametrize("inline", [False, True], ids=["rtoml-pieces", "tomllib"])
def test_a_valid_large_catalog_loads_without_pydantic(
    tmp_path: Path, rules: Rules, inline: bool
) -> None:
    """Valid files are proved valid by the quick check, pydantic never imported: read in rtoml
    pieces, and also when a line the fast parser is unsure of (an inline table followed by a
    comment) sends the file to tomllib."""
    from hcai_path.load.toml import FAST_MIN_CHARS, _maybe_toml11

    text = make_catalog.make(900) + (INLINE_ROUTES if inline else "")
    assert len(text) > FAST_MIN_CHARS and _maybe_toml11(text) is inline
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LOAD_WITHOUT_PYDANTIC, str(path), shipped_data_path("rules.toml")],
        capture_output=True,
        text=True,
        env=subprocess_env(tmp_path),
        timeout=120,
    )
    count = 900 + inline
    assert done.stdout == f"{count} False\n", done.stderr
    loaded = load_catalog(str(path), rules=rules, today=LATER, use_cache=False)
    assert len(loaded.programs) == count
    if inline:
        assert loaded.programs[-1].eligibility == Eligibility((Route(("nurse",), (), 1),), "x")


def test_a_large_catalog_sent_to_tomllib_still_names_its_problems(
    tmp_path: Path, rules: Rules
) -> None:
    text = make_catalog.make(900) + INLINE_ROUTES.replace(
        'roles = ["nurse"]', 'roles = ["wizard"]', 1
    )
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_catalog(str(path), rules=rules, today=LATER, use_cache=False)
    [problem] = caught.value.problems
    assert (problem.entry, problem.field) == ("inline-routes", "roles")
    assert problem.line == text.splitlines().index('roles = ["wizard"]') + 1


def test_loaded_programs_share_repeated_values(tmp_path: Path, rules: Rules) -> None:
    """Equal vocabulary ids, providers and dates are one object each, freshly parsed (small and
    large files), and from the cache one per part of it (marshal shares within a part): a
    large catalog's memory depends on it."""
    for size in (30, 700, loader.CACHE_PART + 300):
        path = tmp_path / f"c{size}.toml"
        path.write_text(make_catalog.make(size), encoding="utf-8")
        for copies in (1, -(-size // loader.CACHE_PART)):  # parsed, then cached
            programs = load_catalog(str(path), rules=rules, today=LATER).programs
            assert len(programs) == size
            for field in ("provider", "type", "delivery", "topics", "roles"):
                values = [getattr(p, field) for p in programs]
                assert len({id(v) for v in values}) <= copies * len(set(values)), field
            dates = [p.verified for p in programs]
            assert len({id(d) for d in dates}) == len(set(dates))  # rebuilt through the sharer
            topics = [t for p in programs for t in p.topics]
            assert len({id(t) for t in topics}) <= copies * len(set(topics))


def test_a_pipe_is_read_once(tmp_path: Path, rules: Rules) -> None:
    """A file that cannot be read twice (a FIFO) is validated from the bytes read."""
    text = catalog_text(program(), program(id="second", name="Two", delivery="by-pigeon"))
    fifo = tmp_path / "catalog.toml"
    os.mkfifo(fifo)
    import threading

    writer = threading.Thread(target=lambda: fifo.write_text(text, encoding="utf-8"))
    writer.start()
    try:
        problems = problems_of(fifo, rules)
    finally:
        writer.join(timeout=30)
    assert [(p.entry, p.field) for p in problems] == [("second", "delivery")]
