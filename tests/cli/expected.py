"""What the CLI prints for the fixture catalog of tests/conftest.py, shared by its tests."""

from __future__ import annotations

import json

from conftest import RECORD_COLUMNS

TSV_HEADER = "\t".join(RECORD_COLUMNS)
GAMMA_CELLS = [
    "gamma-exec", "AI Leadership for Executives", "Gamma Business School", "executive",
    "certificate", "in-person", "leadership", "health-leader", "Senior management experience.",
    "https://gamma.example.edu/exec", "https://gamma.example.edu/exec", "2026-03-01", "", "", "",
    "unknown", "", "0.2", "", "", "", "", "", "", "all", "tuition not published", "", "", "",
    "", "false", "false", "false",
]  # fmt: skip
GAMMA_TSV = "\t".join(GAMMA_CELLS)
# The contract's keys of gamma-exec's JSON object.
GAMMA_JSON = {
    "id": "gamma-exec",
    "name": "AI Leadership for Executives",
    "provider": "Gamma Business School",
    "type": "executive",
    "credential": "certificate",
    "delivery": "in-person",
    "duration_months": 0.2,
    "duration_estimated": False,
    "cost_usd": None,
    "cost_estimated": False,
    "cost_note": "tuition not published",
    "topics": ["leadership"],
    "roles": ["health-leader"],
    "prerequisites": "Senior management experience.",
    "eligibility": None,
    "country": "",
    "languages": [],
    "status": "unknown",
    "recognition": "",
    "url": "https://gamma.example.edu/exec",
    "source": "https://gamma.example.edu/exec",
    "verified": "2026-03-01",
    "stale": False,
}


def ids_of(stdout: str) -> list[str]:
    """The ids of a `--format json` list."""
    return [record["id"] for record in json.loads(stdout)]


def contract_keys(record: dict[str, object]) -> dict[str, object]:
    return {k: record[k] for k in GAMMA_JSON}
