"""render/__init__.py: one formatter per format, chosen from one table; what each can show."""

from __future__ import annotations

import pytest
from conftest import TODAY

from hcai_path.errors import UsageError
from hcai_path.render import (
    FORMAT_BY_SUFFIX,
    Context,
    Format,
    Formatter,
    UnsupportedView,
    formats_for,
    formatter,
)
from render.programs import FRESH


def test_every_format_but_auto_has_its_formatter() -> None:
    for fmt in Format:
        if fmt is Format.AUTO:
            with pytest.raises(KeyError):
                formatter(fmt)
            continue
        made = formatter(fmt)
        assert isinstance(made, Formatter) and made.format is fmt


def test_suffixes() -> None:
    assert FORMAT_BY_SUFFIX == {
        ".json": Format.JSON,
        ".jsonl": Format.JSONL,
        ".csv": Format.CSV,
        ".tsv": Format.TSV,
        ".md": Format.MARKDOWN,
        ".toml": Format.TOML,
        ".svg": Format.SVG,
    }


RECORDS = ["auto", "table", "json", "jsonl", "csv", "tsv", "markdown"]


@pytest.mark.parametrize(
    ("view", "formats"),
    [
        ("programs", [*RECORDS, "toml"]),
        ("program", RECORDS),
        ("compare", RECORDS),
        ("records", RECORDS),
        ("pathway", [*RECORDS, "svg"]),
    ],
)
def test_formats_for_each_view(view: str, formats: list[str]) -> None:
    assert [f.value for f in formats_for(view)] == formats


def test_an_unsupported_view_is_a_usage_error() -> None:
    with pytest.raises(UnsupportedView) as caught:
        formatter(Format.TOML).program(FRESH, Context(today=TODAY))
    assert isinstance(caught.value, UsageError) and caught.value.exit_code == 2
    assert str(caught.value) == (
        "--format toml cannot show a program; choose from auto, table, json, jsonl, csv, tsv, "
        "markdown"
    )
