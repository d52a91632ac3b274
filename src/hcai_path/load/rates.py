"""Loading the exchange rates (data/currencies.toml) that convert published fees to US dollars."""

from __future__ import annotations

import datetime as dt
import re

from hcai_path.costs import Rates
from hcai_path.errors import DataFileError, Problem
from hcai_path.limits import HTTPS_URL_PATTERN, TEXT_MAX
from hcai_path.load.paths import shipped_data_path
from hcai_path.load.toml import decode_text, parse_toml, read_bytes

RATES_FILE = "currencies.toml"


def rates_path() -> str:
    return shipped_data_path(RATES_FILE)


def rates_bytes() -> bytes:
    return read_bytes(rates_path(), what="rates", from_command_line=False)


def parse_rates(data: bytes, path: str) -> Rates:
    """The rates of a currencies file; every problem raised at once, located by key."""
    raw = parse_toml(decode_text(data, path), path)
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(path, message, field=field))

    unknown = raw.keys() - {"date", "source", "label", "note", "usd_per_unit"}
    for key in sorted(unknown):
        bad(key, "unknown key; the keys are date, source, label, note and [usd_per_unit]")
    date = raw.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        bad("date", "must be the date the rates are for, like 2025-12-31")
    source = raw.get("source")
    if not isinstance(source, str) or not re.fullmatch(HTTPS_URL_PATTERN, source):
        bad("source", "must be the https URL of the page the rates were read from")
    note, label = raw.get("note", ""), raw.get("label", "")
    if not isinstance(note, str) or len(note) > TEXT_MAX:
        bad("note", "must be text saying what the numbers mean")
    if not isinstance(label, str) or len(label) > 200:
        bad("label", 'must be a short name of the source, like "Federal Reserve G.5A, 2023"')
    table = raw.get("usd_per_unit")
    rates: dict[str, float] = {}
    if not isinstance(table, dict):
        bad("usd_per_unit", "must be a table of CODE = US dollars for one unit")
    else:
        for code, value in table.items():
            if not re.fullmatch(r"[A-Z]{3}", code):
                bad(f"usd_per_unit.{code}", "must be an ISO 4217 code like GBP")
            elif isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                bad(f"usd_per_unit.{code}", "must be a positive number")
            else:
                rates[code] = float(value)
    if problems:
        raise DataFileError(problems)
    assert isinstance(date, dt.date) and isinstance(source, str) and isinstance(note, str)
    assert isinstance(label, str)
    return Rates(date=date, source=source, note=note, usd_per_unit=rates, label=label)


def load_rates() -> Rates:
    return parse_rates(rates_bytes(), rates_path())
