"""Shared fixtures: an isolated environment, a small fixture catalog, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hcai_path import cli
from hcai_path.cli import app
from hcai_path.models import Program

# The day every in-process test runs on: fixed so that `stale` and exact outputs never drift.
TODAY = dt.date(2026, 6, 1)

# Five programs: one stale (delta-course), one of unknown cost (gamma-exec), one with
# eligibility (beta-cert). Names sort differently from ids and from file order on purpose.
FIXTURE_CATALOG = """\
# fixture catalog for the tests
[[programs]]
id = "alpha-ms"
name = "Master of Science in Health AI"
provider = "Alpha University"
type = "academic"
credential = "masters"
delivery = "online"
duration_months = 24
cost_usd = 30000
topics = ["informatics", "data-science"]
roles = ["clinician"]
prerequisites = "A bachelor's degree."
awards = ["masters"]
url = "https://alpha.example.edu/ms"
source = "https://alpha.example.edu/ms/facts"
verified = 2026-05-01

[[programs]]
id = "beta-cert"
name = "Certified Nurse in AI"
provider = "Beta Nursing Board"
type = "professional"
credential = "certification"
delivery = "online"
duration_months = 6
cost_usd = 500
cost_note = "exam fee USD 500 (2026)"
topics = ["clinical-nlp", "ethics"]
roles = ["nurse"]
prerequisites = "RN licence."
url = "https://beta.example.org/cert"
source = "https://beta.example.org/cert/handbook"
verified = 2026-04-01

[programs.eligibility]
roles = ["nurse"]
degrees = ["nursing-bachelors"]
min_years = 2
note = "Active RN licence and two years of practice."

[[programs]]
id = "gamma-exec"
name = "AI Leadership for Executives"
provider = "Gamma Business School"
type = "executive"
credential = "certificate"
delivery = "in-person"
duration_months = 0.2
cost_note = "tuition not published"
topics = ["leadership"]
roles = ["health-leader"]
prerequisites = "Senior management experience."
url = "https://gamma.example.edu/exec"
source = "https://gamma.example.edu/exec"
verified = 2026-03-01

[[programs]]
id = "delta-course"
name = "Imaging Deep Learning Course"
provider = "Delta Online Academy"
type = "professional"
credential = "course"
delivery = "hybrid"
duration_months = 3
cost_usd = 100
topics = ["imaging", "machine-learning"]
roles = ["data-scientist"]
prerequisites = "Python programming."
url = "https://delta.example.com/imaging"
source = "https://delta.example.com/imaging"
verified = 2019-01-01

[[programs]]
id = "epsilon-phd"
name = "PhD in Biomedical Informatics"
provider = "Epsilon Medical School"
type = "academic"
credential = "doctorate"
delivery = "in-person"
cost_usd = 0
cost_note = "fully funded"
topics = ["research-methods", "machine-learning"]
roles = ["researcher", "student"]
prerequisites = "A quantitative bachelor's degree."
url = "https://epsilon.example.edu/phd"
source = "https://epsilon.example.edu/phd"
verified = 2025-12-01
"""

FIXTURE_IDS = ["alpha-ms", "beta-cert", "gamma-exec", "delta-course", "epsilon-phd"]

ANSI = re.compile(r"\x1b[\[\]()#;?]*[0-9;]*[A-Za-z@-~]?")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Never touch the user's folders or inherit their settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("HCAI_PATH_CONFIG_DIR", str(home / "config"))
    for name in ("HCAI_PATH_CATALOG", "HCAI_PATH_RULES", "NO_COLOR", "HCAI_PATH_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The CLI runs on TODAY, so `stale` and exact outputs never drift (fixture catalogs only:
    the shipped catalog may hold entries verified after TODAY)."""
    monkeypatch.setattr(cli, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def real_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """For tests on the shipped catalog, whose entries may be verified later than TODAY."""
    monkeypatch.setattr(cli, "today", dt.date.today)
    return dt.date.today()


@pytest.fixture
def cache_dir(isolated: Path) -> Path:
    return isolated / "cache"


@pytest.fixture
def catalog_file(tmp_path: Path, fixed_today: dt.date) -> Path:
    """The fixture catalog on disk."""
    path = tmp_path / "programs.toml"
    path.write_text(FIXTURE_CATALOG, encoding="utf-8")
    return path


@pytest.fixture
def write_catalog(tmp_path: Path, fixed_today: dt.date) -> Callable[..., Path]:
    """Write TOML text to a named file in the test's folder."""

    def write(text: str, name: str = "catalog.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def program_fields(**fields: object) -> dict[str, object]:
    """A valid fresh program entry, with `fields` replaced or added (None removes a field)."""
    base: dict[str, object] = {
        "id": "test-program",
        "name": "Test Program",
        "provider": "Test Provider",
        "type": "professional",
        "credential": "certificate",
        "delivery": "online",
        "duration_months": 2,
        "cost_usd": 100,
        "topics": ["ethics"],
        "roles": ["nurse"],
        "prerequisites": "None.",
        "url": "https://test.example.org/",
        "source": "https://test.example.org/",
        "verified": dt.date(2026, 1, 1),
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def program_toml(**fields: object) -> str:
    """One `[[programs]]` entry: `program_fields(**fields)` as TOML."""
    import tomli_w

    return "[[programs]]\n" + tomli_w.dumps(program_fields(**fields))


Invoke = Callable[..., Result]
WriteCatalog = Callable[..., Path]


@pytest.fixture
def invoke() -> Invoke:
    """Run the app in-process; stdout and stderr are kept apart."""

    def run(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), env=env)
        assert "Traceback" not in result.stderr, result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"unhandled exception: {result.exception!r}")
        return result

    return run


@pytest.fixture
def run_fixture(invoke: Invoke, catalog_file: Path) -> Invoke:
    """Run the app against the fixture catalog."""

    def run(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
        return invoke(["--catalog", str(catalog_file), *args], env=env)

    return run


def make_program(**fields: object) -> Program:
    """A Program built directly (no file), with `fields` replaced."""
    base: dict[str, object] = {
        "id": "p1",
        "name": "Program One",
        "provider": "Provider One",
        "type": "professional",
        "credential": "certificate",
        "delivery": "online",
        "duration_months": 3,
        "duration_note": "",
        "cost_usd": 100,
        "cost_note": "",
        "topics": ("ethics",),
        "roles": ("nurse",),
        "prerequisites": "None.",
        "eligibility": None,
        "awards": (),
        "counts_toward": (),
        "prepares_for": (),
        "url": "https://one.example.org/",
        "source": "https://one.example.org/src",
        "verified": dt.date(2026, 1, 1),
    }
    base.update(fields)
    return Program(**base)  # type: ignore[arg-type]
