"""Loading the catalog: read, prove valid (quickly, else in full), build programs, cache them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from hcai_path import cache
from hcai_path.costs import Rates, basis_months, price_usd
from hcai_path.errors import DataFileError
from hcai_path.load.paths import shipped_data_path
from hcai_path.load.rates import parse_rates, rates_bytes, rates_path
from hcai_path.load.toml import (
    NotFast,
    decode_text,
    parse_toml,
    parse_toml_pieces,
    read_bytes,
    split_toml,
)
from hcai_path.models import Catalog, Program, program_from_raw, program_from_row, program_to_row
from hcai_path.rules import Rules


def load_catalog(
    path: str | None = None, *, rules: Rules, today: dt.date, use_cache: bool = True
) -> Catalog:
    """The catalog at `path` (a path from the user), else the shipped one, validated."""
    import gc

    # Loading builds hundreds of thousands of objects and frees none: the cyclic garbage
    # collector, which would scan them again and again, has nothing to find until it is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_catalog(path, rules=rules, today=today, use_cache=use_cache)
    finally:
        if collecting:
            gc.enable()


def _load_catalog(path: str | None, *, rules: Rules, today: dt.date, use_cache: bool) -> Catalog:
    user_given = path is not None
    path = path if path is not None else shipped_data_path("programs.toml")
    data = read_bytes(path, what="catalog", from_command_line=user_given)
    rates_data = rates_bytes()
    rules_data = _rules_identity(rules) + b"|" + rates_data
    key = cache.digest(b"catalog", data, rules_data)
    cached = cache.get_parts(key) if use_cache else None
    if cached and isinstance(cached[0], int) and cached[0] <= today.toordinal():
        share = _sharer()
        rows = (row for part in cached[1:] for row in part)
        return Catalog(path, tuple(program_from_row(row, share=share) for row in rows))
    del cached
    rates = parse_rates(rates_data, rates_path())
    # A large catalog: keep one copy of its text in memory at a time, and free each piece of
    # it once parsed. The common case, a valid file, is proved valid by QuickCheck piece by
    # piece (each piece's tables dropped once its programs are built).
    # A file that cannot be read twice (a pipe, `<(...)`) is kept for the slow path below.
    kept = None if _is_regular_file(path) else data
    text = decode_text(data, path)
    del data
    try:
        pieces: list[str] | None = split_toml(text, path)
    except NotFast:
        pieces = None
    del text
    programs = _quick_load(pieces, path, rules=rules, rates=rates, today=today)
    if programs is None:
        # Any doubt: the whole file (read again, as its pieces are gone) goes through tomllib
        # and the full validation, which name every problem.
        if kept is None:
            data = read_bytes(path, what="catalog", from_command_line=user_given)
            key = cache.digest(b"catalog", data, rules_data)  # the file may have changed
        else:
            data, kept = kept, None
        text = decode_text(data, path)
        raw = parse_toml(text, path)
        del data
        # A file the fast parser was unsure of (pieces is None: TOML 1.1-like syntax, such as
        # nested inline tables, in a large file) may still be valid: prove it quickly first.
        if pieces is not None or not _quick_valid(raw, rules=rules, rates=rates, today=today):
            from hcai_path.load.schema.catalog import check_catalog

            problems = check_catalog(
                raw, path=path, text=text, rules=rules, rates=rates, today=today
            )
            if problems:
                raise DataFileError(problems)
        del text
        share = _sharer()
        programs = tuple(build_program(p, share, rates) for p in raw.get("programs", []))
        del raw
    if use_cache:
        newest = max((p.verified.toordinal() for p in programs), default=0)
        cache.put_parts(key, _cache_parts(newest, programs))
    return Catalog(path, programs)


CACHE_PART = 2000
"""Programs per part of a cached catalog. marshal writes a repeated object once per part, so
equal providers and vocabulary words come back as one object per part (a few copies in all);
a smaller part would lower the peak of writing it further, but would cost sharing."""


def _cache_parts(newest: int, programs: Sequence[Program]) -> Iterator[object]:
    """The newest verified date (a catalog cached before it is valid), then the programs as
    rows, CACHE_PART at a time: the rows and their bytes are never all in memory at once."""
    yield newest
    for start in range(0, len(programs), CACHE_PART):
        yield tuple(map(program_to_row, programs[start : start + CACHE_PART]))


def _is_regular_file(path: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _sharer() -> Callable[[Any], Any]:
    """A function that returns the first of equal values it was given.

    Vocabulary ids, providers and dates repeat across a catalog's programs: one object for
    each (kept so by the cache, as marshal writes a shared object once) makes a
    10,000-program catalog several MiB smaller.
    """
    seen: dict[Any, Any] = {}
    return lambda value: seen.setdefault(value, value)


def build_program(raw: Any, share: Callable[[Any], Any], rates: Rates) -> Program:
    """The program of a validated entry, with its costs and duration computed from a unit
    price or a pace where the entry gives one."""
    program = program_from_raw(raw, share=share)
    if program.price is None and program.price_international is None:
        if program.duration_basis is None:
            return program
    changes: dict[str, Any] = {}
    computations = []
    if program.price is not None:
        changes["cost_usd"], computation = price_usd(program.price, rates)
        computations.append(computation)
    if program.price_international is not None:
        changes["cost_usd_international"], computation = price_usd(
            program.price_international, rates
        )
        computations.append(f"international: {computation}")
    if computations:
        changes["cost_computation"] = "; ".join(computations)
    if program.duration_basis is not None:
        changes["duration_months"], changes["duration_computation"] = basis_months(
            program.duration_basis
        )
    return program._replace(**changes)


def _quick_load(
    pieces: list[str] | None, path: str, *, rules: Rules, rates: Rates, today: dt.date
) -> tuple[Program, ...] | None:
    """The programs of a catalog that QuickCheck proves valid, else None; empties `pieces`."""
    if pieces is None:
        return None
    from hcai_path.load.schema.catalog_quick import QuickCheck

    check = QuickCheck(rules=rules, rates=rates, today=today)
    share = _sharer()
    programs: list[Program] = []
    try:
        for doc in parse_toml_pieces(pieces, path):
            if not doc.keys() <= {"programs"}:
                return None
            entries = doc.get("programs", [])
            if not check.add(entries):
                return None
            programs.extend(build_program(p, share, rates) for p in entries)
            del doc, entries
    except NotFast:
        return None
    return tuple(programs) if check.done() else None


def _quick_valid(raw: Any, *, rules: Rules, rates: Rates, today: dt.date) -> bool:
    from hcai_path.load.schema.catalog_quick import quick_valid

    return quick_valid(raw, rules=rules, rates=rates, today=today)


def _rules_identity(rules: Rules) -> bytes:
    """What of the rules a validated catalog depends on: its vocabularies."""
    vocab = (
        sorted(rules.topics)
        + ["|"]
        + sorted(rules.role_vocabulary())
        + ["|"]
        + sorted(rules.degrees)
    )
    return "\n".join(vocab).encode()
