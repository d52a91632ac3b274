"""Broken and hostile data shared by the tests of the loaders (tests/load), the formatters
(tests/render) and the command line (tests/cli): each case is written once, here.

Not a test module (pytest collects only test_*.py); import it as `from data_cases import ...`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import tomli_w
from conftest import REPO, program_fields


def program(**fields: Any) -> dict[str, Any]:
    """A valid program entry, with `fields` replaced (None removes a field)."""
    return program_fields(**{"source": "https://test.example.org/source", **fields})


def catalog_text(*programs: dict[str, Any]) -> str:
    return tomli_w.dumps({"programs": list(programs)})


GOOD = catalog_text(program())
TWO = catalog_text(program(), program(name="Other"))


def replace_line(key: str, line: str) -> str:
    """The one-program catalog with the line for `key` replaced by `line` (raw TOML)."""
    out = [line if row.startswith(f"{key} =") else row for row in GOOD.splitlines()]
    assert out != GOOD.splitlines(), key
    return "\n".join(out) + "\n"


def line_of(text: str, key: str, nth: int = 1) -> int:
    """The line number of the `nth` line that sets `key`."""
    found = [i for i, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key} =")]
    return found[nth - 1]


# name: (file content, what stderr must say besides the file name). Every case is a file that
# `load_catalog` refuses with a DataFileError and the CLI with exit 3.
BROKEN: dict[str, tuple[str | bytes, list[str]]] = {
    "not-toml": ("just some words\n", [":1:6:", "is not valid TOML", "key = value"]),
    "html": ("<html><body>404</body></html>\n", [":1:1:", "is not valid TOML"]),
    "json": ('{"programs": []}\n', [":1:1:", "is not valid TOML"]),
    "not-utf8": (b'[[programs]]\nname = "caf\xe9"\n', [":2:12:", "not UTF-8", "save it as UTF-8"]),
    "utf16": ("x = 1\n".encode("utf-16"), ["UTF-16", "save it as UTF-8"]),
    "utf16-no-bom": ("x = 1\n".encode("utf-16-le"), ["UTF-16"]),
    "nul-byte": (b'x = "a\x00b"\n', [":1:7:", "Illegal character", "escapes"]),
    "syntax": (
        replace_line("cost_usd", "cost_usd = = 5"),
        [f":{line_of(GOOD, 'cost_usd')}:12:", "Invalid value"],
    ),
    "unterminated": (
        replace_line("name", 'name = "Test'),
        [f":{line_of(GOOD, 'name')}:", "not closed"],
    ),
    "duplicate-key": (
        replace_line("cost_usd", "name = 'x'"),
        [f":{line_of(GOOD, 'cost_usd')}:", "given twice"],
    ),
    "impossible-date": (
        replace_line("verified", "verified = 2025-02-30"),
        [f":{line_of(GOOD, 'verified')}:12:", "Invalid date", "2025-02-30 does not"],
    ),
    "missing-key": (
        catalog_text(program(name=None)),
        [":1:", "entry 'test-program'", "field 'name'", "required", "add it"],
    ),
    "extra-key": (
        catalog_text(program(colour="blue")),
        ["entry 'test-program'", "field 'colour'", "unknown key", "remove it"],
    ),
    "derived-key": (
        catalog_text(program(cost_computation="100 x 1")),
        ["field 'cost_computation'", "unknown key"],
    ),
    "wrong-type-quoted-number": (
        catalog_text(program(cost_usd="100")),
        [f":{line_of(GOOD, 'cost_usd')}:1:", "field 'cost_usd'", "remove the quotes"],
    ),
    "wrong-type-list": (
        catalog_text(program(topics="ethics")),
        ["field 'topics'", "must be a list"],
    ),
    "wrong-type-bool": (catalog_text(program(cost_usd=True)), ["field 'cost_usd'", "number"]),
    "wrong-type-table": (catalog_text(program(name={"a": 1})), ["field 'name'", "quotes"]),
    "wrong-type-eligibility": (catalog_text(program(eligibility=3)), ["eligibility", "table"]),
    "negative": (catalog_text(program(cost_usd=-1)), ["field 'cost_usd'", "at least 0"]),
    "absurd-months": (
        catalog_text(program(duration_months=5000)),
        ["field 'duration_months'", "at most 180", "unit"],
    ),
    "absurd-cost": (catalog_text(program(cost_usd=10**30)), ["field 'cost_usd'", "at most"]),
    "nan": (catalog_text(program(cost_usd=float("nan"))), ["field 'cost_usd'", "finite"]),
    "inf": (catalog_text(program(duration_months=float("inf"))), ["finite"]),
    "fractional-years": (
        catalog_text(program(eligibility={"min_years": 1.5})),
        ["field 'eligibility.min_years'", "whole number"],
    ),
    "date-time": (
        catalog_text(program(verified=dt.datetime(2025, 1, 1, 12, 0))),
        ["field 'verified'", "not a date-time"],
    ),
    "quoted-date": (
        catalog_text(program(verified="2025-01-01")),
        ["field 'verified'", "without quotes"],
    ),
    "future-date": (
        catalog_text(program(verified=dt.date(2099, 1, 1))),
        ["field 'verified'", "in the future"],
    ),
    "duplicate-id": (
        TWO,
        [f":{line_of(TWO, 'id', 2)}:1:", "duplicate id 'test-program'"],
    ),
    "bad-id": (catalog_text(program(id="Bad Id!")), ["entry '#1'", "field 'id'", "hyphens"]),
    "unknown-topic": (
        catalog_text(program(topics=["ethicz"])),
        ["field 'topics'", "'ethicz' is not a known topic", "did you mean 'ethics'"],
    ),
    "unknown-role": (catalog_text(program(roles=["wizard"])), ["'wizard' is not a known role"]),
    "unknown-type": (
        catalog_text(program(type="academc")),
        ["field 'type'", "must be one of", "'academic'"],
    ),
    "unknown-degree": (
        catalog_text(program(eligibility={"degrees": ["phd"]})),
        ["field 'eligibility.degrees'", "'phd' is not a known degree"],
    ),
    "unknown-route-degree": (
        catalog_text(program(eligibility={"routes": [{"roles": ["nurse"]}, {"degrees": ["phd"]}]})),
        ["field 'eligibility.routes.1.degrees'", "'phd' is not a known degree"],
    ),
    "routes-and-flat-keys": (
        catalog_text(program(eligibility={"routes": [{"roles": ["nurse"]}], "min_years": 2})),
        ["field 'eligibility'", "not both"],
    ),
    "unknown-country": (
        catalog_text(program(country="ZZ")),
        ["field 'country'", "'ZZ' is not an ISO 3166-1 alpha-2 country code"],
    ),
    "lowercase-country": (catalog_text(program(country="gb")), ["field 'country'", "'gb'"]),
    "unknown-language": (
        catalog_text(program(languages=["en", "xx"])),
        ["field 'languages'", "'xx' is not an ISO 639-1 language code"],
    ),
    "unknown-status": (
        catalog_text(program(status="closed")),
        ["field 'status'", "must be one of", "'discontinued'"],
    ),
    "unknown-recognition": (
        catalog_text(program(recognition="famous")),
        ["field 'recognition'", "must be one of", "'board-certification'"],
    ),
    "cost-and-price": (
        catalog_text(program(price={"amount": 10, "currency": "USD", "per": "credit", "units": 3})),
        ["field 'cost_usd'", "not both"],
    ),
    "currency-without-a-rate": (
        catalog_text(
            program(
                cost_usd=None,
                price={"amount": 10, "currency": "XAU", "per": "total", "units": 1},
            )
        ),
        ["field 'price.currency'", "no exchange rate for 'XAU'", "currencies.toml"],
    ),
    "price-over-the-bound": (
        catalog_text(
            program(
                cost_usd=None,
                price={"amount": 900_000, "currency": "USD", "per": "year", "units": 3},
            )
        ),
        ["field 'price'", "more than USD 2,000,000"],
    ),
    "basis-terms-and-units": (
        catalog_text(
            program(
                duration_months=None,
                duration_basis={"term": "semester", "terms": 2, "units": 30, "per_term": 10},
            )
        ),
        ["field 'duration_basis'", "not both"],
    ),
    "basis-over-the-bound": (
        catalog_text(program(duration_months=None, duration_basis={"term": "year", "terms": 40})),
        ["field 'duration_basis'", "more than 180 months"],
    ),
    "http-url": (catalog_text(program(url="http://x.example.org/")), ["field 'url'", "https"]),
    "javascript-url": (
        catalog_text(program(source="javascript:alert(1)")),
        ["field 'source'", "https://"],
    ),
    "url-with-space": (
        catalog_text(program(url="https://x.example.org/a b")),
        ["field 'url'", "percent-encoded"],
    ),
    "url-breaking-markdown": (
        catalog_text(program(url="https://x.example.org/a>)[x](javascript:alert(1)")),
        ["field 'url'"],
    ),
    "url-with-escape": (
        catalog_text(program(url="https://x.example.org/\x1b]8;;https://evil\x07")),
        ["field 'url'"],
    ),
    "url-with-trailing-newline": (
        catalog_text(program(source="https://x.example.org/\n")),
        ["field 'source'", "https://"],
    ),
    "url-userinfo-host": (
        catalog_text(program(url="https://user@evil.example/")),
        ["field 'url'"],
    ),
    "empty": ("", ["is empty"]),
    "whitespace": ("\n\n   \n", ["is empty"]),
    "programs-not-a-list": ("programs = 5\n", ["field 'programs'", "list"]),
    "program-not-a-table": ("programs = [1]\n", ["entry '#1'", "table"]),
    "deep-nesting": ("x = " + "[" * 5000 + "]" * 5000 + "\n", ["nested too deeply"]),
    "deep-inline-tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ["nested"]),
    "long-key": ("a" * 100_000 + " = 1\n", ["unknown key", "..."]),
    "long-dotted-key": ("a" + ".a" * 20_000 + " = 1\n", [":1:2:", "dotted parts"]),
    "dotted-key": ("a" + ".a" * 50 + " = 1\n", ["unknown key"]),
    "long-dotted-header": ("[" + '"x".' * 20_000 + "a]\n", ["dotted parts"]),
    "long-string": (catalog_text(program(name="x" * 100_000)), ["field 'name'", "too long"]),
}


RULES_TEXT = (REPO / "data" / "rules.toml").read_text(encoding="utf-8")


def first_block(table: str) -> str:
    """The text of the first `[[table]]` entry of the shipped rules."""
    start = RULES_TEXT.index(f"[[{table}]]")
    end = RULES_TEXT.find("\n[[", start + 1)
    return RULES_TEXT[start:end] + "\n"


BROKEN_RULES: dict[str, tuple[str | bytes, list[str]]] = {
    "not-toml": ("competencies = \n", [":1:16:", "Invalid value"]),
    "empty": ("", ["is empty"]),
    "missing-tables": ("roles = []\n", ["field 'competencies'", "required"]),
    "not-utf8": (b"\x80\x81", ["not UTF-8"]),
    "extra-key": ("surprise = 1\n" + RULES_TEXT, ["field 'surprise'", "unknown key"]),
    "duplicate": (RULES_TEXT + "\n" + first_block("goals"), ["goals[", "duplicate id"]),
    "bad-reference": (
        RULES_TEXT.replace('family = "', 'family = "nope-', 1),
        ["roles[", "is not a known famil"],
    ),
}


# ---- hostile strings that are valid data ----------------------------------------------------

MARKUP = "[bold]x[/bold] [link=https://evil.example]y[/link] [red]z"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b2J"
CONTROL = "a\rb\x08c\x00d\x7f\u0085e\u2028f\u2029g"
BIDI = "abc\u202edcba\u202c \u2066iso\u2069 \u200bzw\u200f \U000e0041\U000e0042"
LAYOUT = "tab\there\nnew line\r\nand \\ backslash, \"quotes\", 'single'; semi"
UNICODE = "emoji \U0001f469\u200d\u2695\ufe0f CJK \u533b\u7597 combining e\u0301\u0327 \u0644\u0639"
FORMULAS = ['=HYPERLINK("https://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\uff1d1+1"]
LONG = "long " + "x" * 9_995

HOSTILE = [MARKUP, ESCAPES, CONTROL, BIDI, LAYOUT, UNICODE, LONG, *FORMULAS]
HOSTILE_IDS = [f"hostile-{i}" for i in range(len(HOSTILE))]


def hostile_entries() -> list[dict[str, Any]]:
    """One valid catalog entry per hostile string, in every free-text field (new ones too)."""
    return [
        program(
            id=f"hostile-{i}",
            name=value,
            provider=value,
            cost_note=value,
            duration_note=value,
            status_note=value,
            prerequisites=value,
            eligibility={"routes": [{"roles": ["nurse"], "note": value}], "note": value},
        )
        for i, value in enumerate(HOSTILE)
    ]


def write(folder: Path, content: str | bytes, name: str = "catalog.toml") -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path
