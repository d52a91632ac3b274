"""Shared fixtures: an isolated environment, a small fixture catalog, and a CLI runner.

Test modules mirror the modules of src/hcai_path (tests/load, tests/render, tests/cli); the
helpers here are imported as `from conftest import ...` from any of them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hcai_path.cli import app
from hcai_path.cli import io as cli_io
from hcai_path.models import Program
from hcai_path.rules import Rules

REPO = Path(__file__).resolve().parents[1]

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

# The contract's JSON keys of a program, in order; the tsv and csv columns of `list` follow them.
RECORD_COLUMNS = (
    "id", "name", "provider", "type", "credential", "delivery", "topics", "roles",
    "prerequisites", "url", "source", "verified", "recognition", "country", "languages",
    "status", "status_note", "duration_months", "duration_basis", "duration_note", "cost_usd",
    "price", "cost_usd_international", "price_international", "cost_basis", "cost_note",
    "eligibility", "awards", "counts_toward", "prepares_for", "cost_estimated",
    "duration_estimated", "stale",
)  # fmt: skip

# Two programs with the fields of issue 11: a UK master's whose cost and length are computed
# (a yearly fee in GBP for home and international students, credits at a pace), and a paused
# US certification with two eligibility routes, a USD total and a length in years.
NEW_FIELDS_CATALOG = """\
[[programs]]
id = "zeta-msc"
name = "MSc in Health Data Science"
provider = "Zeta University"
type = "academic"
credential = "masters"
delivery = "in-person"
topics = ["data-science", "machine-learning"]
roles = ["data-scientist"]
prerequisites = "A 2:1 honours degree in a quantitative subject."
url = "https://zeta.example.ac.uk/msc"
source = "https://zeta.example.ac.uk/msc/fees"
verified = 2026-02-01
recognition = "degree"
country = "GB"
languages = ["en"]
status = "active"
status_note = "next intake September 2026"
cost_basis = "home"
cost_note = "home tuition; international fees differ"
awards = ["masters"]
price = { amount = 12000, currency = "GBP", per = "year", units = 1 }
price_international = { amount = 31000, currency = "GBP", per = "year", units = 1 }
duration_basis = { term = "semester", units = 180, unit = "credit", per_term = 60 }

[[programs]]
id = "eta-cert"
name = "Nursing Informatics Certification"
provider = "Eta Credentialing Center"
type = "professional"
credential = "certification"
delivery = "online"
topics = ["informatics"]
roles = ["nurse"]
prerequisites = "An active RN licence."
url = "https://eta.example.org/ni"
source = "https://eta.example.org/ni/handbook"
verified = 2026-03-01
recognition = "accredited-certification"
country = "US"
languages = ["en", "es"]
status = "paused"
status_note = "applications closed until 2027"
price = { amount = 295, currency = "USD", per = "total", units = 1 }
duration_basis = { term = "year", terms = 1.5 }

[programs.eligibility]
note = "any one route admits"

[[programs.eligibility.routes]]
roles = ["nurse"]
degrees = ["nursing-bachelors"]
min_years = 2
note = "2 years as an RN and 2,000 hours in informatics"

[[programs.eligibility.routes]]
degrees = ["informatics-masters"]
note = "a graduate degree in informatics"
"""

ANSI = re.compile(r"\x1b[\[\]()#;?]*[0-9;]*[A-Za-z@-~]?")
# Raw characters that must never reach a terminal: C0 (but tab and newline) and C1 controls,
# DEL, bidi controls, zero-width and other invisible format characters, tag characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Never touch the user's folders or inherit their settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("HCAI_PATH_CONFIG_DIR", str(home / "config"))
    for name in ("HCAI_PATH_CATALOG", "HCAI_PATH_RULES", "NO_COLOR", "HCAI_PATH_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return home


def set_cli_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Make the command line run on `day`: its clock (`hcai_path.cli.io.today`), wherever a
    module of the CLI holds it (`io.today()` or an imported `today`)."""
    import sys

    clock = cli_io.today

    def fixed() -> dt.date:
        return day

    for name, module in list(sys.modules.items()):
        if name.startswith("hcai_path.cli") and getattr(module, "today", None) is clock:
            monkeypatch.setattr(module, "today", fixed)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The CLI runs on TODAY, so `stale` and exact outputs never drift (fixture catalogs only:
    the shipped catalog may hold entries verified after TODAY)."""
    set_cli_today(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def real_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """For tests on the shipped catalog, whose entries may be verified later than TODAY."""
    set_cli_today(monkeypatch, dt.date.today())
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


def subprocess_env(home: Path) -> dict[str, str]:
    """The environment of a real `python -m hcai_path`: this checkout's source, the test's own
    cache and config folders, none of the user's HCAI_PATH_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCAI_PATH_")}
    env.update(HCAI_PATH_CACHE_DIR=str(home / "cache"), HCAI_PATH_CONFIG_DIR=str(home / "config"))
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The shipped rule set, validated."""
    from hcai_path.load import load_rules

    return load_rules(use_cache=False)
